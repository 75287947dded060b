using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests;

public sealed class SimulatorHostTests
{
    [Fact]
    public async Task StartAsync_PortZero_ListensOnLoopbackWithADynamicPort()
    {
        await using var host = await Sim.StartAsync(null);

        Assert.Equal("127.0.0.1", host.BaseUrl.Host);
        Assert.NotEqual(0, host.BaseUrl.Port);
        Assert.Equal(Sim.Start, host.Clock.StartTime);
        Assert.True(host.Clock.IsManual);
    }

    [Fact]
    public async Task StartAsync_PortInUse_ThrowsIOException()
    {
        await using var first = await Sim.StartAsync(null);
        var options = Sim.Options();
        options.Port = first.BaseUrl.Port;

        await Assert.ThrowsAnyAsync<IOException>(() => SimulatorHost.StartAsync(options, null, CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_ThrowsBeforeListening()
    {
        var options = Sim.Options(Sim.Scenario("no-such-scenario", TimeSpan.Zero, null));

        await Assert.ThrowsAsync<ArgumentException>(() => SimulatorHost.StartAsync(options, null, CancellationToken.None));
    }
}
