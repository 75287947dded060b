using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QualityWatch.Collector.Otlp.Proto.Trace;
using QualityWatch.Collector.Tests.Support;
using QualityWatch.Storage;
using QualityWatch.Storage.Telemetry;

namespace QualityWatch.Collector.Tests.Content;

/// <summary>Prompt and completion content: never stored by default, stored and readable with the admin key when configured.</summary>
public sealed class CallContentStorageTests
{
    private const string AdminKey = "admin-key-for-content-tests-91c2";

    [Fact]
    public async Task ContentOff_NoPromptOrCompletionReachesTheDatabaseFile_OnlyFeaturesAndHashes()
    {
        var marker = "PII-MARKER-" + Guid.NewGuid().ToString("N");
        var directory = NewDirectory();
        var host = await CollectorHost.StartAsync(Settings(directory, store: false));
        var spans = ContentSpans.Conventions.Select(c => ContentSpans.With(c, $"system {marker}", $"user {marker}", $"answer {marker}", model: "private")).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(spans)))).StatusCode);
        var buckets = await host.BucketsAsync();
        Assert.Equal(spans.Length, buckets.Where(b => b.Key.Model == "private").Sum(b => b.Count));
        // Every convention's completion, span events included, becomes features; none is stored.
        Assert.Equal(spans.Length, buckets.Where(b => b.Key.Model == "private").Sum(b => b.OutputsAnalysed));

        using var read = Admin(host);
        var response = await read.GetAsync($"/api/calls/{ContentSpans.TraceId(spans[0])}/{ContentSpans.SpanId(spans[0])}/content");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("collector.content.store", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await host.DisposeAsync();

        Assert.Equal(0L, await CountContentRowsAsync(directory));
        Assert.False(FilesContain(directory, marker), "no byte of the database files may hold prompt or completion text");
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task ContentOn_PromptAndCompletionAreStored_SoTheMarkerIsInTheFile()
    {
        var marker = "PII-MARKER-" + Guid.NewGuid().ToString("N");
        var directory = NewDirectory();
        var host = await CollectorHost.StartAsync(Settings(directory, store: true));
        var span = ContentSpans.With(ContentSpans.Semconv, "be brief", $"user {marker}", "ok");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(span)))).StatusCode);
        await host.DisposeAsync();

        Assert.Equal(1L, await CountContentRowsAsync(directory));
        Assert.True(FilesContain(directory, marker), "the scan finds content when content storage is on");
        Directory.Delete(directory, recursive: true);
    }

    public static IEnumerable<object[]> Conventions() => ContentSpans.Conventions.Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Conventions))]
    public async Task ContentOn_EachConvention_IsReadBackAsSystemUserAndAssistantMessages(string convention)
    {
        await using var host = await CollectorHost.StartAsync(Settings(null, store: true));
        var span = ContentSpans.With(convention, "You answer in one word.", "Capital of France?", "Paris");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(span)))).StatusCode);

        using var read = Admin(host);
        var content = await read.GetFromJsonAsync<JsonElement>($"/api/calls/{ContentSpans.TraceId(span)}/{ContentSpans.SpanId(span)}/content");
        Assert.Equal(ContentSpans.TraceId(span), content.GetProperty("traceId").GetString());
        Assert.Equal(ContentSpans.SpanId(span), content.GetProperty("spanId").GetString());
        Assert.Equal("openai/gpt-4o/chat", content.GetProperty("series").GetString());
        Assert.Equal(64, content.GetProperty("contentHash").GetString()!.Length);
        Assert.Equal(new[] { ("system", "You answer in one word."), ("user", "Capital of France?") }, Messages(content.GetProperty("input")));
        Assert.Equal(new[] { ("assistant", "Paris") }, Messages(content.GetProperty("output")));
    }

    [Fact]
    public async Task ContentOn_SameMessagesInEveryConvention_ShareOneContentHash()
    {
        await using var host = await CollectorHost.StartAsync(Settings(null, store: true));
        var spans = ContentSpans.Conventions.Select(c => ContentSpans.With(c, "sys", "question", "answer")).ToArray();
        var other = ContentSpans.With(ContentSpans.Semconv, "sys", "question", "another answer");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request([.. spans, other])))).StatusCode);

        using var read = Admin(host);
        var hashes = new List<string>();
        foreach (var span in spans)
        {
            var content = await read.GetFromJsonAsync<JsonElement>($"/api/calls/{ContentSpans.TraceId(span)}/{ContentSpans.SpanId(span)}/content");
            hashes.Add(content.GetProperty("contentHash").GetString()!);
        }

        var otherContent = await read.GetFromJsonAsync<JsonElement>($"/api/calls/{ContentSpans.TraceId(other)}/{ContentSpans.SpanId(other)}/content");
        Assert.Single(hashes.Distinct());
        Assert.NotEqual(hashes[0], otherContent.GetProperty("contentHash").GetString());
    }

    [Fact]
    public async Task ContentOn_LongMessage_IsCutToTheLimit_WhileTheHashCoversTheWholeText()
    {
        var settings = Settings(null, store: true);
        settings["Collector:Content:MaxCharactersPerMessage"] = "100";
        await using var host = await CollectorHost.StartAsync(settings);
        var longAnswer = string.Concat(Enumerable.Repeat("0123456789", 30));
        var full = ContentSpans.With(ContentSpans.Semconv, "s", "q", longAnswer);
        var differentTail = ContentSpans.With(ContentSpans.Semconv, "s", "q", longAnswer[..250] + "different tail");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(full, differentTail)))).StatusCode);

        using var read = Admin(host);
        var first = await read.GetFromJsonAsync<JsonElement>($"/api/calls/{ContentSpans.TraceId(full)}/{ContentSpans.SpanId(full)}/content");
        var second = await read.GetFromJsonAsync<JsonElement>($"/api/calls/{ContentSpans.TraceId(differentTail)}/{ContentSpans.SpanId(differentTail)}/content");
        var output = first.GetProperty("output")[0];
        Assert.Equal(longAnswer[..100], output.GetProperty("text").GetString());
        Assert.True(output.GetProperty("truncated").GetBoolean());
        Assert.False(first.GetProperty("input")[0].GetProperty("truncated").GetBoolean());
        Assert.Equal(output.GetProperty("text").GetString(), second.GetProperty("output")[0].GetProperty("text").GetString());
        Assert.NotEqual(first.GetProperty("contentHash").GetString(), second.GetProperty("contentHash").GetString());
    }

    [Fact]
    public async Task ContentOn_ListBySeriesAndWindow_LinksEachCallToItsContent()
    {
        await using var host = await CollectorHost.StartAsync(Settings(null, store: true));
        var minute = DateTimeOffset.UtcNow.AddHours(-3);
        var inWindow = Enumerable.Range(0, 3).Select(i => ContentSpans.With(ContentSpans.Semconv, "s", $"q{i}", $"a{i}", model: "listed", start: minute.AddSeconds(i * 10))).ToArray();
        var outside = ContentSpans.With(ContentSpans.Semconv, "s", "late", "late", model: "listed", start: minute.AddHours(1));
        var otherSeries = ContentSpans.With(ContentSpans.Semconv, "s", "q", "a", model: "unlisted", start: minute);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request([.. inWindow, outside, otherSeries])))).StatusCode);

        using var read = Admin(host);
        var from = Uri.EscapeDataString(minute.ToString("O"));
        var to = Uri.EscapeDataString(minute.AddMinutes(1).ToString("O"));
        var listed = await read.GetFromJsonAsync<JsonElement>($"/api/calls?series={Uri.EscapeDataString("openai/listed/chat")}&from={from}&to={to}");
        Assert.Equal(
            Enumerable.Reverse(inWindow).Select(s => $"/api/calls/{ContentSpans.TraceId(s)}/{ContentSpans.SpanId(s)}/content"),
            listed.EnumerateArray().Select(e => e.GetProperty("contentUrl").GetString()!));
        var newest = await read.GetFromJsonAsync<JsonElement>(listed[0].GetProperty("contentUrl").GetString()!);
        Assert.Equal("a2", newest.GetProperty("output")[0].GetProperty("text").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await read.GetAsync("/api/calls")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await read.GetAsync("/api/calls?series=x&from=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await read.GetAsync("/api/calls?series=x&limit=0")).StatusCode);
    }

    [Fact]
    public async Task ContentOn_OtlpJsonRequest_IsFoundByItsHexIds()
    {
        await using var host = await CollectorHost.StartAsync(Settings(null, store: true));
        var nanos = Spans.Nanos(DateTimeOffset.UtcNow);
        var json = $$$"""
            {"resourceSpans":[{"scopeSpans":[{"spans":[{
              "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174","name":"chat","kind":3,
              "startTimeUnixNano":"{{{nanos}}}","endTimeUnixNano":"{{{nanos + 1_000_000}}}",
              "attributes":[
                {"key":"gen_ai.provider.name","value":{"stringValue":"openai"}},
                {"key":"gen_ai.request.model","value":{"stringValue":"gpt-json"}},
                {"key":"gen_ai.prompt.0.role","value":{"stringValue":"user"}},
                {"key":"gen_ai.prompt.0.content","value":{"stringValue":"2+2?"}},
                {"key":"gen_ai.completion.0.content","value":{"stringValue":"4"}}]}]}]}]}
            """;
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", body)).StatusCode);

        using var read = Admin(host);
        var content = await read.GetFromJsonAsync<JsonElement>("/api/calls/5b8efff798038103d269b633813fc60c/eee19b7ec3c1b174/content");
        Assert.Equal("openai/gpt-json/chat", content.GetProperty("series").GetString());
        Assert.Equal(new[] { ("user", "2+2?") }, Messages(content.GetProperty("input")));
        Assert.Equal(new[] { ("assistant", "4") }, Messages(content.GetProperty("output")));
    }

    [Fact]
    public async Task ReadApi_NeedsTheAdminKey_AndAnswersProblemDetails()
    {
        await using var host = await CollectorHost.StartAsync(Settings(null, store: true));
        var span = ContentSpans.With(ContentSpans.Semconv, "s", "q", "a");
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(span)))).StatusCode);
        var path = $"/api/calls/{ContentSpans.TraceId(span)}/{ContentSpans.SpanId(span)}/content";

        using var anonymous = new HttpClient { BaseAddress = host.Http.BaseAddress };
        var noKey = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("\"q\"", await noKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The ingest key is not an admin key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync(path)).StatusCode);

        using var read = Admin(host);
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync(path)).StatusCode);
        var unknown = await read.GetAsync($"/api/calls/{new string('a', 32)}/{new string('b', 16)}/content");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var malformed = await read.GetAsync("/api/calls/not-hex/123/content");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        var upperCase = await read.GetAsync($"/api/calls/{ContentSpans.TraceId(span).ToUpperInvariant()}/{ContentSpans.SpanId(span).ToUpperInvariant()}/content");
        Assert.Equal(HttpStatusCode.OK, upperCase.StatusCode);
    }

    [Fact]
    public async Task ReadApi_WithoutAnyAdminKeyConfigured_IsForbidden()
    {
        var settings = Settings(null, store: true);
        settings.Remove("Security:AdminKeys:0");
        await using var host = await CollectorHost.StartAsync(settings);
        using var read = new HttpClient { BaseAddress = host.Http.BaseAddress };
        read.DefaultRequestHeaders.Add("x-api-key", AdminKey);
        var response = await read.GetAsync($"/api/calls/{new string('a', 32)}/{new string('b', 16)}/content");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Retention_DeletesContentOlderThanTheConfiguredDays_AndKeepsRecentContent()
    {
        var settings = Settings(null, store: true);
        settings["Collector:Content:RetentionDays"] = "7";
        settings["Storage:Telemetry:MaintenanceIntervalSeconds"] = "3600";
        await using var host = await CollectorHost.StartAsync(settings);
        var old = ContentSpans.With(ContentSpans.Semconv, "s", "old question", "old", start: DateTimeOffset.UtcNow.AddDays(-8));
        var recent = ContentSpans.With(ContentSpans.Semconv, "s", "recent question", "recent", start: DateTimeOffset.UtcNow.AddDays(-6));
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(old, recent)))).StatusCode);
        using var read = Admin(host);
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync(ContentPath(old))).StatusCode);

        Assert.True(await host.Store.RunMaintenanceAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, (await read.GetAsync(ContentPath(old))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await read.GetAsync(ContentPath(recent))).StatusCode);
    }

    [Fact]
    public async Task ContentOn_NonLlmSpansAndSpansWithoutContent_StoreNothing()
    {
        var directory = NewDirectory();
        var host = await CollectorHost.StartAsync(Settings(directory, store: true));
        var plain = Spans.Plain();
        plain.Attributes.Add(Spans.Attr("input.value", "not an LLM call"));
        var bare = Spans.Llm();
        Assert.Equal(HttpStatusCode.OK, (await host.Http.PostAsync("/v1/traces", Spans.Protobuf(Spans.Request(plain, bare)))).StatusCode);
        await host.DisposeAsync();

        Assert.Equal(0L, await CountContentRowsAsync(directory));
        Directory.Delete(directory, recursive: true);
    }

    private static string ContentPath(Span span) => $"/api/calls/{ContentSpans.TraceId(span)}/{ContentSpans.SpanId(span)}/content";

    private static List<(string Role, string Text)> Messages(JsonElement messages) =>
        messages.EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("text").GetString()!)).ToList();

    private static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "qw-content-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Content storage on or off; the database in <paramref name="directory"/> when the test reads the files after stopping.</summary>
    private static Dictionary<string, string?> Settings(string? directory, bool store)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Collector:Content:Store"] = store ? "true" : "false",
            ["Security:AdminKeys:0"] = AdminKey,
        };
        if (directory is not null)
        {
            settings["Storage:Path"] = Path.Combine(directory, "qualitywatch.db");
        }

        return settings;
    }

    private static HttpClient Admin(CollectorHost host)
    {
        var client = new HttpClient { BaseAddress = host.Http.BaseAddress };
        client.DefaultRequestHeaders.Add("x-api-key", AdminKey);
        return client;
    }

    private static async Task<long> CountContentRowsAsync(string directory)
    {
        await using var database = await QualityWatchDatabase.OpenAsync(new StorageOptions { Path = Path.Combine(directory, "qualitywatch.db") }, TelemetryStorage.Migrations, CancellationToken.None);
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM telemetry_call_content";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether any file in the folder (database, WAL, shared memory) holds <paramref name="marker"/> as UTF-8 or UTF-16.</summary>
    private static bool FilesContain(string directory, string marker)
    {
        var patterns = new[] { Encoding.UTF8.GetBytes(marker), Encoding.Unicode.GetBytes(marker) };
        return Directory.EnumerateFiles(directory).Any(file =>
        {
            var bytes = File.ReadAllBytes(file);
            return patterns.Any(p => bytes.AsSpan().IndexOf(p) >= 0);
        });
    }
}
