using System.Diagnostics;

namespace QualityWatch.Cli.Tests.Gate;

/// <summary>Runs the built <c>qualitywatch</c> CLI as a child process, the way a CI job runs it.</summary>
internal static class CliProcess
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qualitywatch.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"qualitywatch {string.Join(' ', args)} did not exit within 120 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
