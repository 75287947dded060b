using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using QualityWatch.Canaries.Running;
using QualityWatch.Canaries.Suites;
using QualityWatch.Cli.Serve;
using QualityWatch.Core.Canaries;
using QualityWatch.Simulator;
using QualityWatch.Storage.Canaries;
using QualityWatch.TestSupport.Simulation;

namespace QualityWatch.Cli.Tests.Serve;

/// <summary>
/// <c>serve</c>'s canary loop in <c>serve</c>'s own composition, on SQLite and the real simulator, driven by a fake
/// clock rather than by waiting: a round at start, then one per interval of the clock, every result stored for
/// detection; a replica that takes the schedule over counts what was spent today against the daily budget.
/// </summary>
public sealed class CanarySchedulingServiceTests : IDisposable
{
    private const string Provider = "sim-openai";
    private const string Model = "sim-scheduled-model";
    private const string Suite = """
        suite: smoke
        cases:
          - id: sum
            prompt: "What is 2 + 3?"
            expect: { equals: "5" }
            reference: "5"
          - id: product
            prompt: "What is 2 * 3?"
            expect: { equals: "6" }
            reference: "6"
        """;

    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("qw-canary-service-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TheScheduleHolder_RunsARoundAtStart_AndOnePerIntervalOfTheClock_AndANewHolderCountsTodaysSpend()
    {
        var suitePath = Path.Combine(_directory, "smoke.yaml");
        await File.WriteAllTextAsync(suitePath, Suite);
        await using var simulator = await LoopbackSimulator.StartAsync(
            seed: 5, Start, [new SimulatedModelOptions { Name = Model, Provider = "openai", DefaultAccuracy = 1, TailProbability = 0 }],
            new SuiteAnswerBook(SuiteLoader.LoadFiles([suitePath]).Suites));
        var clock = new FakeTimeProvider(Start);

        await using (var first = Serve(clock, suitePath, simulator))
        {
            await first.StartAsync();
            var store = first.Services.GetRequiredService<SqlCanaryResultStore>();
            Assert.Equal(new[] { 1, 1 }, await RoundsOnceStoredAsync(store, 2));

            // Nothing more until the interval has passed on the clock; then the second round.
            clock.Advance(TimeSpan.FromSeconds(299));
            await Task.Delay(300);
            Assert.Equal(2, (await store.ReadAfterAsync(0, 100, CancellationToken.None)).Count);
            Assert.Equal(new[] { 1, 1, 2, 2 }, await RoundsOnceStoredAsync(store, 4, clock));
            // Stamped with the host's clock, which the schedule follows.
            var rows = await store.ReadAfterAsync(0, 100, CancellationToken.None);
            Assert.Equal([Start, Start], rows.Take(2).Select(r => r.Result.Timestamp).ToArray());
            Assert.All(rows.Skip(2), r => Assert.InRange(r.Result.Timestamp, Start.AddMinutes(5), Start.AddMinutes(6)));
            Assert.All(rows, r => Assert.Equal(CanaryOutcome.Passed, r.Result.Outcome));
            await first.StopAsync();
        }

        // A restart (or another replica taking the lease over) the same day: today's spend is restored, then its own round adds to it.
        clock.Advance(TimeSpan.FromMinutes(1));
        await using var second = Serve(clock, suitePath, simulator);
        await second.StartAsync();
        Assert.Equal(new[] { 1, 1, 2, 2, 1, 1 }, await RoundsOnceStoredAsync(second.Services.GetRequiredService<SqlCanaryResultStore>(), 6));
        var stored = await second.Services.GetRequiredService<SqlCanaryResultStore>().ReadAfterAsync(0, 100, CancellationToken.None);
        Assert.True(stored.Sum(r => r.Result.Cost) > 0, "the simulator reports usage and the provider has prices");
        Assert.Equal(stored.Sum(r => r.Result.Cost), second.Services.GetRequiredService<ProviderBudgetLedger>().Spent(Provider, clock.GetUtcNow()).Cost);
        await second.StopAsync();
    }

    private Microsoft.AspNetCore.Builder.WebApplication Serve(FakeTimeProvider clock, string suitePath, SimulatorHost simulator) =>
        ServeComposition.Build(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Path"] = Path.Combine(_directory, "qw.db"),
                ["Collector:ListenAddress"] = "127.0.0.1",
                ["Collector:HttpPort"] = "0",
                ["Collector:GrpcPort"] = "-1",
                ["Providers:0:Name"] = Provider,
                ["Providers:0:Kind"] = "openai",
                ["Providers:0:Model"] = Model,
                ["Providers:0:BaseUrl"] = LoopbackSimulator.ProviderBaseUrl("openai", simulator),
                ["Providers:0:MaxRetries"] = "0",
                ["Providers:0:InputPricePerMillion"] = "2.5",
                ["Providers:0:OutputPricePerMillion"] = "10",
                ["Canaries:Suites:0"] = suitePath,
                ["Canaries:IntervalSeconds"] = "300",
                ["Canaries:Jitter"] = "0",
                ["Canaries:Streaming"] = "false",
            }).Build(),
            ServeSchedule.Timers,
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
            });

    /// <summary>
    /// The rounds of the stored results once there are <paramref name="count"/>: the loop runs on its own task, so this
    /// waits, bounded (when the wait runs out, the rounds stored so far, negated, so the failure shows them). With a
    /// <paramref name="clock"/>, it also moves the clock a second on each real second: a timer the loop sets after an
    /// advance counts from the new time, so one jump could leave it waiting for a moment the test never reaches.
    /// </summary>
    private static async Task<int[]> RoundsOnceStoredAsync(SqlCanaryResultStore store, int count, FakeTimeProvider? clock = null)
    {
        // Up to a minute: a loaded CI machine compiles the SDK's first calls slowly; the usual wait is a fraction of a second.
        for (var attempt = 0; attempt < 1_200; attempt++)
        {
            var rows = await store.ReadAfterAsync(0, 100, CancellationToken.None);
            if (rows.Count >= count)
            {
                return [.. rows.Select(r => r.Result.Round)];
            }

            if (clock is not null && attempt % 20 == 0)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }

            await Task.Delay(50);
        }

        var stored = await store.ReadAfterAsync(0, 100, CancellationToken.None);
        return [.. stored.Select(r => -r.Result.Round)];
    }
}
