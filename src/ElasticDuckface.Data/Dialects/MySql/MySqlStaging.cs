using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using MySqlConnector;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// The staging databases of a MySQL/MariaDB target (issue 12): a run builds every table in
/// <c>&lt;db&gt;__duckface_staging_&lt;run&gt;</c> and moves them into the target with one <c>RENAME TABLE</c> (atomic in
/// MariaDB 10.6+ and MySQL 8), the old tables of <c>--replace</c> moved in the same statement into
/// <c>&lt;staging&gt;_old</c>, which is then dropped. A killed run leaves only databases with this prefix, which the next run
/// drops and <c>verify</c> reports as an incomplete run.
/// </summary>
internal static class MySqlStaging
{
    /// <summary>What every staging database name holds after the (possibly shortened) target name.</summary>
    public const string Marker = "__duckface_staging_";

    /// <summary>MySQL's limit on database names.</summary>
    private const int MaxName = 64;

    /// <summary>
    /// The prefix shared by every staging database of <paramref name="database"/>; within 64 characters with room for a
    /// run id and <c>_old</c>.
    /// </summary>
    public static string Prefix(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var room = MaxName - Marker.Length - 8 - "_old".Length;
        if (database.Length <= room)
            return database + Marker;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..8].ToLower(CultureInfo.InvariantCulture);
        return database[..(room - 9)] + "_" + hash + Marker;
    }

    /// <summary>A new staging name for one run.</summary>
    public static string NewName(string database) =>
        Prefix(database) + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLower(CultureInfo.InvariantCulture);

    /// <summary>The database that receives the replaced tables of a run's target.</summary>
    public static string RetiredName(string staging) => staging + "_old";

    /// <summary>Every staging database of <paramref name="database"/> left on the server (by interrupted runs), sorted.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(MySqlConnection connection, string database,
        CancellationToken cancellationToken)
    {
        var prefix = Prefix(database);
        var names = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The one statement that swaps the new tables in: every replaced table of the target to <paramref name="retired"/>
    /// first, then every new table from <paramref name="staging"/> to the target. Foreign keys follow their tables.
    /// </summary>
    public static string SwapSql(string staging, string target, string retired, IEnumerable<string> tables, IReadOnlySet<string> replaced)
    {
        var list = tables.ToList();
        var moves = list.Where(replaced.Contains).Select(t => $"{Q(target, t)} TO {Q(retired, t)}")
            .Concat(list.Select(t => $"{Q(staging, t)} TO {Q(target, t)}"));
        return "RENAME TABLE " + string.Join(", ", moves);
    }

    private static string Q(string database, string table) => MySqlNames.Quote(database) + "." + MySqlNames.Quote(table);
}
