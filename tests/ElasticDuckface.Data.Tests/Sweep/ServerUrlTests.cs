using ElasticDuckface.Data.Connections;

namespace ElasticDuckface.Data.Tests.Sweep;

public sealed class ServerUrlTests
{
    [Theory]
    [InlineData("mysql://root@127.0.0.1:3306", "mysql://root@127.0.0.1:3306/d")]
    [InlineData("mysql://root@127.0.0.1:3306/", "mysql://root@127.0.0.1:3306/d")]
    [InlineData("mysql://root@h/nova?ssl-mode=none", "mysql://root@h/d?ssl-mode=none")]
    [InlineData("mysql://root@localhost?socket=/run/mysqld/mysqld.sock", "mysql://root@localhost/d?socket=/run/mysqld/mysqld.sock")]
    [InlineData("mysql://u:p@ss/w?rd#1@h:1/x", "mysql://u:p@ss/w?rd#1@h:1/d")]
    [InlineData("postgres://postgres@%2Fvar%2Frun%2Fpostgresql/postgres", "postgres://postgres@%2Fvar%2Frun%2Fpostgresql/d")]
    public void A_database_name_replaces_the_path_and_keeps_credentials_and_options(string server, string expected) =>
        Assert.Equal(expected, ServerUrl.WithDatabase(server, "d"));

    [Theory]
    [InlineData("mysql://u:p@ss#1@h:1/x", "mysql://u@h:1/x")]
    [InlineData("postgres://u@h/x", "postgres://u@h/x")]
    [InlineData("sqlite:/tmp/a.db", "sqlite:/tmp/a.db")]
    public void The_password_is_left_out(string url, string expected) => Assert.Equal(expected, ServerUrl.WithoutPassword(url));

    [Fact]
    public void A_sqlite_server_is_a_folder_of_database_files()
    {
        var url = Dialects.Sqlite.SqliteEngine.Instance.Scratch.DatabaseUrl("sqlite:/tmp/sweeps", "duckface_sweep_ab_s1_r1");
        Assert.Equal("sqlite:/tmp/sweeps/duckface_sweep_ab_s1_r1.sqlite", url);
    }
}
