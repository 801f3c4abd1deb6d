namespace ElasticDuckface.Data.Writers;

/// <summary>
/// A writer whose whole run is one transaction (the <c>--into-existing</c> writers), with its completion split in two so
/// that a multi-database run (ADR 0007) can check every database before committing any: <see cref="PrepareAsync"/> does
/// everything <see cref="IDatabaseWriter.CompleteAsync"/> does except the commit, <see cref="CommitAsync"/> commits.
/// </summary>
internal interface ITwoPhaseWriter : IDatabaseWriter
{
    /// <summary>Checks everything inside the still-open transaction (constraints, orphans) and readies the commit.</summary>
    /// <exception cref="DatabaseOperationException">A check fails: nothing is committed.</exception>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Commits what <see cref="PrepareAsync"/> checked.</summary>
    /// <exception cref="DatabaseOperationException">The commit fails: nothing of this run is in the target.</exception>
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// After a commit, deletes every row of the tables this run filled, in one transaction: for a run into empty tables
    /// (not <c>--append</c>) whose companion database then failed to commit, this puts the target back as it was (an
    /// AUTO_INCREMENT counter or sequence stays advanced, as after any rolled-back run).
    /// </summary>
    Task UndoAsync(CancellationToken cancellationToken);
}
