using System.Net;
using QualityWatch.Simulator.Timing;

namespace QualityWatch.Simulator.Tests.Timing;

public sealed class SimulatedTimingTests
{
    private static readonly Uri Anywhere = new("http://simulator.test/v1/chat/completions");

    [Fact]
    public async Task ASuccessfulCallWithTheSimulatorsHeaders_ReportsTheSimulatedLatencyAndTimeToFirstToken()
    {
        using var client = new HttpClient(new SimulatedTimingHandler(new FixedResponseHandler(HttpStatusCode.OK, ("x-sim-latency-ms", "812.5"), ("x-sim-ttft-ms", "240"))));

        using var timing = new SimulatedCallTimer(0.001).Begin();
        using (await client.GetAsync(Anywhere))
        {
        }

        Assert.Equal(TimeSpan.FromMilliseconds(812.5), timing.Latency(TimeSpan.FromSeconds(9)));
        Assert.Equal(TimeSpan.FromMilliseconds(240), timing.TimeToFirstToken(TimeSpan.FromSeconds(9)));
    }

    [Fact]
    public async Task AFailedCallOrOneWithoutHeaders_ReportsTheWallClockDividedByTheLatencyScale()
    {
        using var failing = new HttpClient(new SimulatedTimingHandler(new FixedResponseHandler(HttpStatusCode.TooManyRequests, ("x-sim-latency-ms", "812.5"))));
        using var plain = new HttpClient(new SimulatedTimingHandler(new FixedResponseHandler(HttpStatusCode.OK)));
        var timer = new SimulatedCallTimer(0.5);

        using (var timing = timer.Begin())
        {
            using (await failing.GetAsync(Anywhere))
            {
            }

            Assert.Equal(TimeSpan.FromMilliseconds(20), timing.Latency(TimeSpan.FromMilliseconds(10)));
        }

        using (var timing = timer.Begin())
        {
            using (await plain.GetAsync(Anywhere))
            {
            }

            Assert.Equal(TimeSpan.FromMilliseconds(20), timing.Latency(TimeSpan.FromMilliseconds(10)));
            Assert.Equal(TimeSpan.FromMilliseconds(6), timing.TimeToFirstToken(TimeSpan.FromMilliseconds(3)));
        }
    }

    [Fact]
    public async Task CallsOutsideAnOpenTiming_AreLeftAlone()
    {
        using var client = new HttpClient(new SimulatedTimingHandler(new FixedResponseHandler(HttpStatusCode.OK, ("x-sim-latency-ms", "812.5"))));
        using (await client.GetAsync(Anywhere))
        {
        }

        using var timing = new SimulatedCallTimer().Begin();

        Assert.Equal(TimeSpan.FromMilliseconds(10), timing.Latency(TimeSpan.FromMilliseconds(10)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ALatencyScaleThatIsNotPositiveAndFinite_IsRefusedNamingIt(double scale)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedCallTimer(scale));

        Assert.Equal("latencyScale", error.ParamName);
    }
}
