namespace BayesFreeEnergy.Numerics;

/// <summary>
/// Runs a body over shards 0..T-1 at once: shard 0 on the calling thread, the others on the thread pool, without
/// allocating per run. The caller steals any shard the pool has not started, so a busy pool delays nothing.
/// </summary>
/// <remarks>Not reentrant: one <see cref="Run"/> at a time. The body must write only its own shard's state.</remarks>
internal sealed class ParallelShards
{
    private readonly Action<int> _body;
    private readonly Shard[] _others;
    private readonly ManualResetEventSlim _done = new(initialState: false, spinCount: 200);
    private int _pending;
    private Exception? _error;

    /// <summary>Prepares runs of <paramref name="body"/> over <paramref name="count"/> shards (Range: at least 1).</summary>
    public ParallelShards(int count, Action<int> body)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _body = body;
        Count = count;
        _others = [.. Enumerable.Range(1, count - 1).Select(t => new Shard(this, t))];
    }

    /// <summary>Number of shards.</summary>
    public int Count { get; }

    /// <summary>Runs the body once for every shard and returns when all are done; rethrows the first exception.</summary>
    public void Run()
    {
        if (_others.Length == 0)
        {
            _body(0);
            return;
        }

        _error = null;
        _pending = _others.Length;
        _done.Reset();
        foreach (var shard in _others)
        {
            Volatile.Write(ref shard.Claimed, 0);
            ThreadPool.UnsafeQueueUserWorkItem(shard, preferLocal: false);
        }

        Execute(0);
        foreach (var shard in _others)
        {
            shard.Execute();
        }

        _done.Wait();
        if (_error is { } error)
        {
            throw new AggregateException(error);
        }
    }

    private void Execute(int index)
    {
        try
        {
            _body(index);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, e, null);
        }
    }

    // A shard is run by whoever claims it first: a pool thread or the caller after its own shard. Stale pool items
    // from an earlier run find it claimed (or claim it for the current run, which is as good) and return.
    private sealed class Shard(ParallelShards owner, int index) : IThreadPoolWorkItem
    {
        public int Claimed;

        public void Execute()
        {
            if (Interlocked.Exchange(ref Claimed, 1) != 0)
            {
                return;
            }

            owner.Execute(index);
            if (Interlocked.Decrement(ref owner._pending) == 0)
            {
                owner._done.Set();
            }
        }
    }
}
