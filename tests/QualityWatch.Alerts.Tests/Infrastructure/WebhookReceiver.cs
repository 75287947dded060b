using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace QualityWatch.Alerts.Tests.Infrastructure;

/// <summary>A real Kestrel webhook receiver that checks <c>X-QualityWatch-Signature</c> itself (HMAC-SHA256 of the raw body).</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;

    private WebhookReceiver(LoopbackHttpServer server) => _server = server;

    public int Port => _server.Port;

    public Uri Url => new(_server.BaseUrl, "hook");

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public int RejectedSignatures;

    /// <param name="port">The port of a receiver that comes back where QualityWatch already sends; a free one when null.</param>
    public static async Task<WebhookReceiver> StartAsync(string secret, int? port = null)
    {
        WebhookReceiver? receiver = null;
        var server = await LoopbackHttpServer.StartAsync(app => app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
            var presented = context.Request.Headers["X-QualityWatch-Signature"].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented)))
            {
                Interlocked.Increment(ref receiver!.RejectedSignatures);
                return Results.Unauthorized();
            }

            receiver!.Received.Enqueue(new ReceivedWebhook(context.Request.Headers["X-QualityWatch-Event"].ToString(), JsonDocument.Parse(body).RootElement.Clone()));
            return Results.Ok();
        }), port);
        receiver = new WebhookReceiver(server);
        return receiver;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
