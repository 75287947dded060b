using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using QualityWatch.Cli.Serve;
using QualityWatch.Core.Canaries;
using QualityWatch.Core.Findings;
using QualityWatch.Detection.Engine;
using QualityWatch.Storage;
using QualityWatch.Storage.Detection;

namespace QualityWatch.Cli.Canaries;

/// <summary>
/// The detection engine inside <c>canary run</c>: each round's results go through it as they arrive. With storage,
/// its state is loaded before and saved after the run, so scheduled invocations (cron, CI) build one history: the
/// CUSUM's warm-up is paid once, and an open episode is not raised again.
/// </summary>
internal sealed class CanaryRunDetection
{
    private const string EngineId = "canary-run";
    private readonly DetectionEngine _engine;
    private readonly DetectionStatePersistence? _state;
    private readonly List<Finding> _findings = [];

    private CanaryRunDetection(DetectionEngine engine, DetectionStatePersistence? state)
    {
        _engine = engine;
        _state = state;
    }

    public IReadOnlyList<Finding> Findings => _findings;

    public static async Task<CanaryRunDetection> StartAsync(IConfiguration configuration, IQualityWatchDatabase? database, CancellationToken cancellationToken)
    {
        var options = configuration.GetSection(DetectionEngineOptions.SectionName).Get<DetectionEngineOptions>() ?? new DetectionEngineOptions();
        DetectionEngine engine;
        try
        {
            engine = new DetectionEngine(options);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw CliException.Usage($"detection: {CliApplication.OneLine(ex.Message)}");
        }

        DetectionStatePersistence? state = null;
        if (database is not null)
        {
            state = new DetectionStatePersistence(new SqlDetectionStateStore(database), EngineId, NullLogger.Instance);
            await state.RestoreAsync(engine, cancellationToken);
        }

        return new CanaryRunDetection(engine, state);
    }

    public void Observe(IReadOnlyList<CanaryResult> round, DateTimeOffset now) =>
        _findings.AddRange(_engine.Process([], round, now).Findings);

    public async Task SaveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_state is not null)
        {
            await _state.SaveAsync(_engine, now, cancellationToken);
        }
    }
}
