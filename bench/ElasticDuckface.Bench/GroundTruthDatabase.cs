using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Bench;

/// <summary>
/// A SQLite database drawn from a known model (issue 14's ground truth): a shop whose one dimension is the customer.
/// Every fan-out law is chosen, so a sample along <c>customer</c> grown back ×10 can be compared with the truth.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>address</c> ← <c>customer.address_id</c> UNIQUE: one-to-one (one address per customer, every address used);
/// <c>wallet</c> ← <c>customer.wallet_id</c> the same without the UNIQUE constraint, so only the fan-out law says it.</item>
/// <item><c>agent</c> ← <c>ticket.agent_id</c>: latent per-parent rates, λ ~ Gamma(shape 2), tickets per agent
/// Poisson(λ) (a negative binomial).</item>
/// <item><c>customer</c> ← <c>ticket</c>: zero-inflated, half the customers none, else Poisson(3).</item>
/// <item><c>customer</c> ← <c>orders</c> ← <c>order_line</c>: a two-level chain, orders per customer gamma-Poisson
/// (shape 0.8, mean 3, zeros included), lines per order 1 + Poisson(1.5).</item>
/// <item><c>category</c> ← <c>product</c> ← <c>order_line.product_id</c>: a heavy tail with parents that never have a child,
/// popularity 0 for a fifth of the products, else lognormal(0, σ 1.5); each line picks a product by popularity.</item>
/// <item><c>rating (customer_id, product_id)</c>, the key made of both foreign keys: an M:N link under two parents,
/// ratings per customer gamma-Poisson (shape 0.5, mean 4), distinct products by popularity.</item>
/// </list>
/// Only <c>category</c> (30 rows) is small enough to be a lookup at 10%; along <c>customer</c> the sampled dimension is
/// customer, orders, order_line, ticket and rating, and address, wallet, agent and product are kept whole.
/// </remarks>
internal static class GroundTruthDatabase
{
    /// <summary>The sampled dimension's root.</summary>
    public const string Root = "customer";

    /// <summary>Join and aggregate queries over the model; thresholds near each fan-out's middle, where a shape error shows.</summary>
    public static readonly BenchQuery[] Queries =
    [
        new("customer ⋈ address", "SELECT COUNT(*) FROM customer c JOIN address a ON a.id = c.address_id"),
        new("wallets with a customer (EXISTS)", "SELECT COUNT(*) FROM wallet w WHERE EXISTS (SELECT 1 FROM customer c WHERE c.wallet_id = w.id)"),
        new("addresses with a customer (EXISTS)", "SELECT COUNT(*) FROM address a WHERE EXISTS (SELECT 1 FROM customer c WHERE c.address_id = a.id)"),
        new("customer ⋈ orders ⋈ order_line", "SELECT COUNT(*) FROM customer c JOIN orders o ON o.customer_id = c.id JOIN order_line l ON l.order_id = o.id"),
        new("category ⋈ product ⋈ order_line", "SELECT COUNT(*) FROM category g JOIN product p ON p.category_id = g.id JOIN order_line l ON l.product_id = p.id"),
        new("agent ⋈ ticket ⋈ customer", "SELECT COUNT(*) FROM agent a JOIN ticket t ON t.agent_id = a.id JOIN customer c ON c.id = t.customer_id"),
        new("rating ⋈ product ⋈ category", "SELECT COUNT(*) FROM rating r JOIN product p ON p.id = r.product_id JOIN category g ON g.id = p.category_id"),
        new("products sold (EXISTS)", "SELECT COUNT(*) FROM product p WHERE EXISTS (SELECT 1 FROM order_line l WHERE l.product_id = p.id)"),
        new("products with ≥ 20 order lines", "SELECT COUNT(*) FROM (SELECT product_id FROM order_line GROUP BY product_id HAVING COUNT(*) >= 20)"),
        new("products with ≥ 100 order lines", "SELECT COUNT(*) FROM (SELECT product_id FROM order_line GROUP BY product_id HAVING COUNT(*) >= 100)"),
        new("products never rated (NOT EXISTS)", "SELECT COUNT(*) FROM product p WHERE NOT EXISTS (SELECT 1 FROM rating r WHERE r.product_id = p.id)"),
        new("products with ≥ 10 ratings", "SELECT COUNT(*) FROM (SELECT product_id FROM rating GROUP BY product_id HAVING COUNT(*) >= 10)"),
        new("agents with ≥ 20 tickets", "SELECT COUNT(*) FROM (SELECT agent_id FROM ticket GROUP BY agent_id HAVING COUNT(*) >= 20)"),
        new("agents with ≤ 10 tickets", "SELECT COUNT(*) FROM agent a WHERE (SELECT COUNT(*) FROM ticket t WHERE t.agent_id = a.id) <= 10"),
        new("customers with ≥ 5 orders", "SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY customer_id HAVING COUNT(*) >= 5)"),
        new("customers without orders (NOT EXISTS)", "SELECT COUNT(*) FROM customer c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)"),
        new("orders with ≥ 3 lines", "SELECT COUNT(*) FROM (SELECT order_id FROM order_line GROUP BY order_id HAVING COUNT(*) >= 3)"),
        new("customers with a ticket", "SELECT COUNT(DISTINCT customer_id) FROM ticket"),
        new("customers with ≥ 5 ratings", "SELECT COUNT(*) FROM (SELECT customer_id FROM rating GROUP BY customer_id HAVING COUNT(*) >= 5)"),
    ];

    /// <summary>Writes the database with <paramref name="customers"/> customers to <paramref name="path"/> (replaced).</summary>
    public static void Build(string path, int customers, int seed)
    {
        File.Delete(path);
        var rng = new Random(seed);
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        c.Open();
        Exec(c, """
            CREATE TABLE address (id INTEGER PRIMARY KEY, city TEXT NOT NULL);
            CREATE TABLE wallet (id INTEGER PRIMARY KEY, currency TEXT NOT NULL);
            CREATE TABLE customer (id INTEGER PRIMARY KEY, address_id INTEGER NOT NULL UNIQUE REFERENCES address(id),
              wallet_id INTEGER NOT NULL REFERENCES wallet(id), segment TEXT NOT NULL);
            CREATE TABLE agent (id INTEGER PRIMARY KEY, team TEXT NOT NULL);
            CREATE TABLE ticket (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer(id),
              agent_id INTEGER NOT NULL REFERENCES agent(id), priority INTEGER NOT NULL);
            CREATE TABLE category (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE product (id INTEGER PRIMARY KEY, category_id INTEGER NOT NULL REFERENCES category(id), price REAL NOT NULL);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customer(id), total REAL NOT NULL);
            CREATE TABLE order_line (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id),
              product_id INTEGER NOT NULL REFERENCES product(id), quantity INTEGER NOT NULL);
            CREATE TABLE rating (customer_id INTEGER NOT NULL REFERENCES customer(id), product_id INTEGER NOT NULL REFERENCES product(id),
              stars INTEGER NOT NULL, PRIMARY KEY (customer_id, product_id));
            """);
        using var tx = c.BeginTransaction();
        var cities = new[] { "Lyon", "Porto", "Turku", "Graz", "Cork", "Brno", "Gent", "Bergen" };
        var addresses = Enumerable.Range(1, customers).ToArray();
        rng.Shuffle(addresses);
        Insert(c, tx, "address", customers, i => [i, cities[rng.Next(cities.Length)]]);
        var wallets = Enumerable.Range(1, customers).ToArray();
        rng.Shuffle(wallets);
        Insert(c, tx, "wallet", customers, i => [i, rng.Next(4) == 0 ? "USD" : "EUR"]);
        Insert(c, tx, "customer", customers, i => [i, addresses[i - 1], wallets[i - 1], rng.Next(3) == 0 ? "business" : "private"]);

        const int agents = 300;
        var agentRates = Enumerable.Range(0, agents).Select(_ => Gamma(rng, 2)).ToArray();
        Insert(c, tx, "agent", agents, i => [i, "team " + (i % 7)]);
        var pickAgent = Picker(agentRates);
        var ticketRows = new List<object[]>();
        for (var cust = 1; cust <= customers; cust++)
        {
            var n = rng.NextDouble() < 0.5 ? 0 : Poisson(rng, 3);
            for (var j = 0; j < n; j++)
                ticketRows.Add([ticketRows.Count + 1, cust, pickAgent(rng) + 1, rng.Next(1, 4)]);
        }

        Insert(c, tx, "ticket", ticketRows);

        const int categories = 30;
        const int products = 1500;
        Insert(c, tx, "category", categories, i => [i, "category " + i]);
        var popularity = Enumerable.Range(0, products).Select(_ => rng.NextDouble() < 0.2 ? 0 : Math.Exp(1.5 * Normal(rng))).ToArray();
        Insert(c, tx, "product", products, i => [i, rng.Next(1, categories + 1), Math.Round(1 + (99 * rng.NextDouble()), 2)]);
        var pickProduct = Picker(popularity);

        var orderRows = new List<object[]>();
        var lineRows = new List<object[]>();
        for (var cust = 1; cust <= customers; cust++)
        {
            var n = Poisson(rng, 3 * Gamma(rng, 0.8) / 0.8);
            for (var j = 0; j < n; j++)
            {
                var order = orderRows.Count + 1;
                orderRows.Add([order, cust, Math.Round(5 + (200 * rng.NextDouble()), 2)]);
                var lines = 1 + Poisson(rng, 1.5);
                for (var l = 0; l < lines; l++)
                    lineRows.Add([lineRows.Count + 1, order, pickProduct(rng) + 1, rng.Next(1, 5)]);
            }
        }

        Insert(c, tx, "orders", orderRows);
        Insert(c, tx, "order_line", lineRows);

        var rated = popularity.Count(p => p > 0);
        var ratingRows = new List<object[]>();
        for (var cust = 1; cust <= customers; cust++)
        {
            var n = Math.Min(rated, Poisson(rng, 4 * Gamma(rng, 0.5) / 0.5));
            var seen = new HashSet<int>();
            while (seen.Count < n)
                seen.Add(pickProduct(rng) + 1);
            ratingRows.AddRange(seen.Order().Select(p => new object[] { cust, p, rng.Next(1, 6) }));
        }

        Insert(c, tx, "rating", ratingRows);
        tx.Commit();
    }

    // Marsaglia–Tsang, shape a > 0, scale 1
    private static double Gamma(Random rng, double shape)
    {
        if (shape < 1)
            return Gamma(rng, shape + 1) * Math.Pow(rng.NextDouble(), 1 / shape);
        var d = shape - (1.0 / 3);
        var cc = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(rng);
                v = 1 + (cc * x);
            }
            while (v <= 0);
            v = v * v * v;
            var u = rng.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
                return d * v;
        }
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static int Poisson(Random rng, double mean)
    {
        if (mean > 50)
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Normal(rng))));
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = rng.NextDouble(); p > limit; p *= rng.NextDouble())
            k++;
        return k;
    }

    // an index drawn with probability proportional to its weight (binary search over the cumulative weights)
    private static Func<Random, int> Picker(double[] weights)
    {
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
            cumulative[i] = sum += weights[i];
        return rng =>
        {
            var u = rng.NextDouble() * sum;
            var i = Array.BinarySearch(cumulative, u);
            i = i < 0 ? ~i : i + 1;
            while (weights[Math.Min(i, weights.Length - 1)] == 0)
                i++;
            return Math.Min(i, weights.Length - 1);
        };
    }

    private static void Insert(SqliteConnection c, SqliteTransaction tx, string table, int rows, Func<int, object[]> row) =>
        Insert(c, tx, table, Enumerable.Range(1, rows).Select(row).ToList());

    private static void Insert(SqliteConnection c, SqliteTransaction tx, string table, List<object[]> rows)
    {
        if (rows.Count == 0)
            return;
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        var width = rows[0].Length;
        cmd.CommandText = $"INSERT INTO {table} VALUES ({string.Join(", ", Enumerable.Range(0, width).Select(i => "$p" + i))})";
        var parameters = Enumerable.Range(0, width).Select(i => cmd.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        foreach (var r in rows)
        {
            for (var i = 0; i < width; i++)
                parameters[i].Value = r[i];
            cmd.ExecuteNonQuery();
        }
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
