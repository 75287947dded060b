using QualityWatch.Detection.Sequential;

namespace QualityWatch.Detection.Tests.Sequential;

public sealed class BernoulliCusumTests
{
    [Fact]
    public void Threshold_CalibratedForArl1000_SimulatedInControlRunLengthMatches()
    {
        var options = new BernoulliCusumOptions { BaselinePassRate = 0.95, DegradedPassRate = 0.90, TargetArl0 = 1000 };
        double h = CusumCalibration.Threshold(0.95, 0.90, 1000);
        var random = new Random(12345);
        const int runs = 1500;
        double total = 0;
        for (int r = 0; r < runs; r++)
        {
            var cusum = new BernoulliCusum(options, h);
            long n = 0;
            do
            {
                n++;
            }
            while (!cusum.Step(random.NextDouble() >= 0.95));
            total += n;
        }

        double arl = total / runs;
        Assert.InRange(arl, 1000 * 0.88, 1000 * 1.12);
    }

    [Fact]
    public void DetectionDelay_95To90AtArl10000_IsNearTheTheoreticalTwoHundred()
    {
        var options = new BernoulliCusumOptions { BaselinePassRate = 0.95, DegradedPassRate = 0.90, TargetArl0 = 10_000 };
        double h = CusumCalibration.Threshold(0.95, 0.90, 10_000);
        double kl = CusumCalibration.KullbackLeibler(0.90, 0.95);
        double theoretical = h / kl;
        var random = new Random(777);
        const int runs = 2000;
        double total = 0;
        for (int r = 0; r < runs; r++)
        {
            var cusum = new BernoulliCusum(options, h);
            long n = 0;
            do
            {
                n++;
            }
            while (!cusum.Step(random.NextDouble() >= 0.90));
            total += n;
        }

        double delay = total / runs;
        Assert.InRange(theoretical, 180, 260);
        // Measured ≈ 198 checks: the ≈200 the design predicts; h/KL (Lorden's first-order bound) is ≈ 235.
        Assert.InRange(delay, 180, 225);
        Assert.True(delay <= theoretical * 1.05, $"delay {delay} exceeds h/KL {theoretical}");
    }

    [Fact]
    public void Threshold_MarkovChainArl_AgreesWithSiegmundWithinAFactorOfTwo()
    {
        double h = CusumCalibration.Threshold(0.95, 0.90, 10_000);
        double siegmund = CusumCalibration.SiegmundArl0(0.95, 0.90, h);

        Assert.InRange(siegmund, 5_000, 20_000);
        Assert.InRange(CusumCalibration.Arl(0.95, 0.90, 0.95, h), 9_000, 11_500);
    }

    [Fact]
    public void Add_StableBaseline_RarelyAlarmsAndDropAlarms()
    {
        var options = new BernoulliCusumOptions { TargetArl0 = 10_000 };
        var cusum = new BernoulliCusum(options);
        var random = new Random(5);
        int alarms = 0;
        for (int i = 0; i < 2000; i++)
        {
            alarms += cusum.Step(random.NextDouble() >= 0.95) ? 1 : 0;
        }

        bool detected = false;
        for (int i = 0; i < 3000 && !detected; i++)
        {
            detected = cusum.Step(random.NextDouble() >= 0.80);
        }

        Assert.True(alarms <= 1);
        Assert.True(detected);
    }

    [Fact]
    public void Options_DegradedAboveBaseline_NamesTheParameter()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new BernoulliCusum(new BernoulliCusumOptions { BaselinePassRate = 0.9, DegradedPassRate = 0.95 }));
        Assert.Equal("DegradedPassRate", ex.ParamName);
    }
}
