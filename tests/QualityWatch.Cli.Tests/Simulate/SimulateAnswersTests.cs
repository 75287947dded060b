using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using QualityWatch.Canaries.Suites;
using QualityWatch.Cli.Demo;

namespace QualityWatch.Cli.Tests.Simulate;

/// <summary>`qualitywatch simulate` as a user starts it next to `serve`: it must answer the shipped golden suites.</summary>
public sealed partial class SimulateAnswersTests
{
    [Theory]
    [InlineData(new string[0], 16, 20)]
    [InlineData(new[] { "--answers", "none" }, 0, 2)]
    public async Task Simulate_AnswersTheShippedArithmeticSuiteAtTheModelsAccuracyUnlessToldNot(string[] extra, int atLeast, int atMost)
    {
        var directory = DemoSuites.FindCanariesDirectory()!;
        var cases = SuiteLoader.LoadDirectory(directory).Suites.Single(s => s.Name == "arithmetic").Cases.Take(20).ToList();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = new SignallingWriter();
        var run = CliApplication.RunAsync(["simulate", "--port", "0", "--latency-scale", "0", .. extra], new CliConsole(stdout, new StringWriter()), stop.Token);
        try
        {
            var baseUrl = await stdout.WaitForAsync(ListeningLine(), stop.Token);
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sk-simulator");
            int correct = 0;
            foreach (var canary in cases)
            {
                using var response = await http.PostAsJsonAsync("v1/chat/completions", new
                {
                    model = "gpt-4o-mini",
                    temperature = 0,
                    messages = new[] { new { role = "user", content = canary.LastUserMessage } },
                }, stop.Token);
                response.EnsureSuccessStatusCode();
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop.Token));
                string text = body.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() ?? string.Empty;
                correct += text.Trim() == canary.Reference ? 1 : 0;
            }

            Assert.InRange(correct, atLeast, atMost);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }
    }

    [GeneratedRegex(@"simulator listening on (\S+)")]
    private static partial Regex ListeningLine();

    /// <summary>Captures stdout and lets the test wait for a line.</summary>
    private sealed class SignallingWriter : StringWriter
    {
        private readonly SemaphoreSlim _written = new(0);

        public override void Write(char value)
        {
            base.Write(value);
            if (value == '\n')
            {
                _written.Release();
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            base.WriteLine(value);
            _written.Release();
            return Task.CompletedTask;
        }

        public async Task<string> WaitForAsync(Regex pattern, CancellationToken ct)
        {
            while (true)
            {
                if (pattern.Match(ToString()) is { Success: true } match)
                {
                    return match.Groups[1].Value;
                }

                await _written.WaitAsync(ct);
            }
        }
    }
}
