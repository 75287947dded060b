using System.Net;
using QualityWatch.Alerts.Tests.Infrastructure;
using static QualityWatch.Alerts.Tests.Infrastructure.TestFindings;

namespace QualityWatch.Alerts.Tests.Apis;

public sealed class AdminKeyFileTests
{
    [Fact]
    public async Task Ack_WithKeyFromAdminKeysFile_IsAccepted_AndAMissingFileFailsClosed()
    {
        var directory = Directory.CreateTempSubdirectory("qw-keys-").FullName;
        var file = Path.Combine(directory, "admin.keys");
        await File.WriteAllTextAsync(file, "# rotated 2026-11\nfile-key-1\n");
        await using var withFile = await AlertsApp.StartAsync(new Dictionary<string, string?> { ["Security:AdminKeys:0"] = null, ["Security:AdminKeysFile"] = file });
        await using var missingFile = await AlertsApp.StartAsync(new Dictionary<string, string?> { ["Security:AdminKeys:0"] = null, ["Security:AdminKeysFile"] = Path.Combine(directory, "nope") });
        foreach (var app in new[] { withFile, missingFile })
        {
            await app.Sink.PublishAsync([QualityDrop(T0)], [], T0, CancellationToken.None);
        }

        var accepted = await AckAsync(withFile, "file-key-1");
        var refused = await AckAsync(missingFile, "file-key-1");
        Directory.Delete(directory, recursive: true);

        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
    }

    private static async Task<HttpStatusCode> AckAsync(AlertsApp app, string key)
    {
        var id = Assert.Single(await app.Store.ListOpenAsync(CancellationToken.None)).Id;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/alerts/{id}/ack", UriKind.Relative));
        request.Headers.Add("x-api-key", key);
        using var response = await app.Client.SendAsync(request);
        return response.StatusCode;
    }
}
