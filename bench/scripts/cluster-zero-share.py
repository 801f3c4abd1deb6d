#!/usr/bin/env python3
"""What a sample along one dimension can tell about a kept-whole parent's childless share (docs/fidelity.md,
"Chinook along one dimension (session 12)"; ADR 0006, "The childless share of kept-whole parents").

Stdlib only. Reads the databases the bench leaves behind:
  cluster-zero-share.py chinook D.sqlite DIR      DIR from `bench fidelity --root Artist --true-sizes --min-count 1 --out DIR`
  cluster-zero-share.py groundtruth DIR [SEEDS]   DIR from `bench groundtruth --seeds ... --out DIR`
Per clustered foreign key: the clusters per parent seen in the sample (M'), the profile likelihood of the childless
share pi0 in the law M = pi0*[0] + (1 - pi0)*(1 + NB(a, mu)) thinned a cluster at a time with keep q = 1/r (the mean
fixed to the sample's), its maximum, the lower end of its 95% interval (log-likelihood within 1.92 of the maximum), and
the KS against the full database of the compound law (M clusters of the sample's iid sizes) at those shares and at the
true one; then the same at the true share with each parent's own kept clusters (needs the joint of clusters and
children per parent, which no profile carries), and the oracle: the full database's own clusters-per-parent and size
laws, compounded independently (the best the independent compound model can do).
"""
import collections
import math
import sqlite3
import sys


def hist(db, query):
    c = sqlite3.connect(db)
    h = collections.Counter(tuple(r) if len(r) > 1 else r[0] for r in c.execute(query))
    c.close()
    return h


def norm(h):
    n = sum(h.values())
    return {k: v / n for k, v in h.items()}


def ks(a, b):
    ca = cb = best = 0.0
    for k in sorted(set(a) | set(b)):
        ca += a.get(k, 0)
        cb += b.get(k, 0)
        best = max(best, abs(ca - cb))
    return best


def nb(k, a, m):
    if k < 0:
        return 0.0
    if m <= 0:
        return 1.0 if k == 0 else 0.0
    p = a / (a + m)
    return math.exp(math.lgamma(k + a) - math.lgamma(a) - math.lgamma(k + 1) + a * math.log(p) + k * math.log(1 - p))


def loglik(h_m, pi0, a, q, mean):
    # thinned 1 + NB(a, mu): Bernoulli(q) + NB(a, q mu)
    mu = mean / (q * (1 - pi0)) - 1
    if mu < 0:
        return None, None
    total = 0.0
    for k, n in h_m.items():
        p = (1 - pi0) * ((1 - q) * nb(k, a, q * mu) + q * nb(k - 1, a, q * mu)) + (pi0 if k == 0 else 0)
        total += n * math.log(max(p, 1e-300))
    return total, mu


def profile(h_m, q):
    mean = sum(k * n for k, n in h_m.items()) / sum(h_m.values())
    rows = {}
    for i in range(99):
        best = (-1e300, None, None)
        for j in range(-28, 57):
            ll, mu = loglik(h_m, i / 100, math.exp(j / 4), q, mean)
            if ll is not None and ll > best[0]:
                best = (ll, math.exp(j / 4), mu)
        rows[i] = best
    return rows


def law(pi0, a, mu):
    top = int(mu * 10 + 50 * math.sqrt(mu + mu * mu / a) + 10)
    g = {0: pi0}
    for k in range(top):
        g[1 + k] = g.get(1 + k, 0) + (1 - pi0) * nb(k, a, mu)
    return g


def powers(sizes, count):
    out = [{0: 1.0}]
    for _ in range(count):
        nxt = collections.defaultdict(float)
        for i, p in out[-1].items():
            for j, s in sizes.items():
                nxt[i + j] += p * s
        out.append({k: v for k, v in nxt.items() if v > 1e-10})
    return out


def compound(g, pw):
    out = collections.defaultdict(float)
    for m, w in g.items():
        if w > 0 and m < len(pw):
            for k, v in pw[m].items():
                out[k] += w * v
    return out


def posterior(g, joint, q, pw):
    # each sampled parent keeps its m' clusters and y' children; the unseen clusters follow g's posterior given m'
    out = collections.defaultdict(float)
    n = sum(joint.values())
    for (m1, y1), count in joint.items():
        post = {u: g.get(m1 + u, 0) * math.comb(m1 + u, m1) * (1 - q) ** u for u in range(len(pw) - m1)}
        z = sum(post.values())
        for u, w in post.items():
            if w / z > 1e-9:
                for k, v in pw[u].items():
                    out[y1 + k] += count / n * w / z * v
    return out


def study(name, r, sample, full, q_clusters, q_sizes, q_joint, q_fanout, true_share=None, oracle=True):
    q = 1 / r
    h_m = hist(sample, q_clusters)
    sizes = norm(hist(sample, q_sizes))
    x_full = norm(hist(full, q_fanout))
    m_full = norm(hist(full, q_clusters))
    share = m_full.get(0, 0) if true_share is None else true_share
    rows = profile(h_m, q)
    top = max(rows, key=lambda i: rows[i][0])
    lmax = rows[top][0]
    low = min(i for i in rows if rows[i][0] >= lmax - 1.92)
    print(f"{name}: r = {r:.3f}, M' = {dict(sorted(h_m.items()))}")
    print(f"  childless share: true {share:.3f}, ML {top / 100:.2f}, 95% lower end {low / 100:.2f}, "
          f"log-likelihood gap ML - share 0: {lmax - rows[0][0]:.2f}")
    laws = {}
    for label, i in (("ML", top), ("lower end", low), ("true", int(round(share * 100)))):
        ll, a, mu = rows[i]
        laws[label] = law(i / 100, a, mu)
    width = max(max(g) for g in laws.values())
    pw = powers(sizes, width + 1)
    for label, g in laws.items():
        print(f"  compound at the {label} share: KS {ks(compound(g, pw), x_full):.3f}")
    if q_joint:
        print(f"  at the true share, each parent's kept clusters (joint M' x Y'): KS "
              f"{ks(posterior(laws['true'], hist(sample, q_joint), q, pw), x_full):.3f}")
    if oracle:
        pw_full = powers(norm(hist(full, q_sizes)), max(m_full) + 1)
        print(f"  oracle (the full database's clusters per parent and sizes, independent): KS "
              f"{ks(compound(m_full, pw_full), x_full):.3f}")


CHINOOK = {
    "InvoiceLine->Invoice": (
        "InvoiceLine",
        "SELECT COUNT(DISTINCT al.ArtistId) FROM Invoice i LEFT JOIN InvoiceLine l ON l.InvoiceId = i.InvoiceId"
        " LEFT JOIN Track t ON t.TrackId = l.TrackId LEFT JOIN Album al ON al.AlbumId = t.AlbumId GROUP BY i.InvoiceId",
        "SELECT COUNT(*) FROM InvoiceLine l JOIN Track t ON t.TrackId = l.TrackId JOIN Album al ON al.AlbumId = t.AlbumId"
        " GROUP BY l.InvoiceId, al.ArtistId",
        "SELECT COUNT(DISTINCT al.ArtistId), COUNT(l.InvoiceLineId) FROM Invoice i LEFT JOIN InvoiceLine l"
        " ON l.InvoiceId = i.InvoiceId LEFT JOIN Track t ON t.TrackId = l.TrackId LEFT JOIN Album al"
        " ON al.AlbumId = t.AlbumId GROUP BY i.InvoiceId",
        "SELECT COUNT(l.InvoiceLineId) FROM Invoice i LEFT JOIN InvoiceLine l ON l.InvoiceId = i.InvoiceId GROUP BY i.InvoiceId"),
    "Track->Genre": (
        "Track",
        "SELECT COUNT(DISTINCT al.ArtistId) FROM Genre g LEFT JOIN Track t ON t.GenreId = g.GenreId"
        " LEFT JOIN Album al ON al.AlbumId = t.AlbumId GROUP BY g.GenreId",
        "SELECT COUNT(*) FROM Track t JOIN Album al ON al.AlbumId = t.AlbumId GROUP BY t.GenreId, al.ArtistId",
        "SELECT COUNT(DISTINCT al.ArtistId), COUNT(t.TrackId) FROM Genre g LEFT JOIN Track t ON t.GenreId = g.GenreId"
        " LEFT JOIN Album al ON al.AlbumId = t.AlbumId GROUP BY g.GenreId",
        "SELECT COUNT(t.TrackId) FROM Genre g LEFT JOIN Track t ON t.GenreId = g.GenreId GROUP BY g.GenreId"),
    "PlaylistTrack->Playlist": (
        "PlaylistTrack",
        "SELECT COUNT(DISTINCT al.ArtistId) FROM Playlist p LEFT JOIN PlaylistTrack pt ON pt.PlaylistId = p.PlaylistId"
        " LEFT JOIN Track t ON t.TrackId = pt.TrackId LEFT JOIN Album al ON al.AlbumId = t.AlbumId GROUP BY p.PlaylistId",
        "SELECT COUNT(*) FROM PlaylistTrack pt JOIN Track t ON t.TrackId = pt.TrackId JOIN Album al ON al.AlbumId = t.AlbumId"
        " GROUP BY pt.PlaylistId, al.ArtistId",
        "SELECT COUNT(DISTINCT al.ArtistId), COUNT(pt.TrackId) FROM Playlist p LEFT JOIN PlaylistTrack pt"
        " ON pt.PlaylistId = p.PlaylistId LEFT JOIN Track t ON t.TrackId = pt.TrackId LEFT JOIN Album al"
        " ON al.AlbumId = t.AlbumId GROUP BY p.PlaylistId",
        "SELECT COUNT(pt.TrackId) FROM Playlist p LEFT JOIN PlaylistTrack pt ON pt.PlaylistId = p.PlaylistId GROUP BY p.PlaylistId"),
}

PRODUCT = (
    "SELECT COUNT(DISTINCT o.customer_id) FROM product p LEFT JOIN order_line l ON l.product_id = p.id"
    " LEFT JOIN orders o ON o.id = l.order_id GROUP BY p.id",
    "SELECT COUNT(*) FROM order_line l JOIN orders o ON o.id = l.order_id GROUP BY l.product_id, o.customer_id",
    "SELECT COUNT(l.id) FROM product p LEFT JOIN order_line l ON l.product_id = p.id GROUP BY p.id")


def rows(db, table):
    c = sqlite3.connect(db)
    n = c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    c.close()
    return n


def main(argv):
    if len(argv) >= 3 and argv[0] == "chinook":
        full, sample = argv[1], argv[2] + "/sample.db"
        for name, (child, q_m, q_s, q_j, q_x) in CHINOOK.items():
            # r: the child's growth over the parent's (the parent is kept whole), as the bench grows with --true-sizes
            study(name, rows(full, child) / rows(sample, child), sample, full, q_m, q_s, q_j, q_x)
    elif len(argv) >= 2 and argv[0] == "groundtruth":
        seeds = [int(s) for s in argv[2].split(",")] if len(argv) > 2 else range(10)
        for seed in seeds:
            full, sample = f"{argv[1]}/truth-{seed}.db", f"{argv[1]}/sample-{seed}.db"
            study(f"seed {seed} order_line->product", rows(full, "order_line") / rows(sample, "order_line"), sample, full,
                  *PRODUCT[:2], None, PRODUCT[2], oracle=False)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
