using System.Text;
using QualityWatch.Cli.Telemetry;
using QualityWatch.Simulator;

namespace QualityWatch.Cli.Tests.Telemetry;

public sealed class SyntheticTrafficExportTests
{
    private static readonly DateTimeOffset Start = new(2025, 8, 29, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EmitAsync_ToOtlpHttpReceiver_PostsProtobufWithBearerKeyAndEverySpan()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        var options = new SimulatorOptions { Seed = 7, Speed = 0, LatencyScale = 0, StartTime = Start };
        var traffic = new SyntheticTraffic(options) { SourceName = "qw-test-" + Guid.NewGuid().ToString("N") };

        var emitted = await SyntheticTrafficExport.EmitAsync(traffic, receiver.Address, "ingest-secret", Start, Start + TimeSpan.FromMinutes(300), 10, CancellationToken.None);

        // 3,000 spans: more than one flush interval, so the periodic flush keeps the batch queue from dropping any.
        Assert.Equal(3000, emitted);
        Assert.NotEmpty(receiver.Requests);
        Assert.All(receiver.Requests, r => Assert.Equal("/v1/traces", r.Path));
        Assert.All(receiver.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.All(receiver.Requests, r => Assert.Equal("Bearer ingest-secret", r.Authorization));
        Assert.Equal(3000, receiver.Requests.Sum(r => CountSpanNames(r.Body)));
    }

    private static int CountSpanNames(byte[] body)
    {
        var text = Encoding.Latin1.GetString(body);
        var count = 0;
        foreach (var name in new[] { "chat gpt-", "chat claude-", "chat gemini-" })
        {
            for (var i = text.IndexOf(name, StringComparison.Ordinal); i >= 0; i = text.IndexOf(name, i + 1, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }
}
