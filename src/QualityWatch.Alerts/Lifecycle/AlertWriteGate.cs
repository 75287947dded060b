namespace QualityWatch.Alerts.Lifecycle;

/// <summary>
/// Serialises read-modify-write of alerts in this process (detection passes, API transitions, silence expiry),
/// so an acknowledgement never races an evaluation pass.
/// </summary>
internal sealed class AlertWriteGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Releaser(_semaphore);
    }

    public void Dispose() => _semaphore.Dispose();

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
