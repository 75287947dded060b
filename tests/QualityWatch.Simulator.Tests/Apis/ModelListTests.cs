using OpenAI.Models;
using System.ClientModel;
using QualityWatch.Simulator.Tests.TestSupport;

namespace QualityWatch.Simulator.Tests.Apis;

public sealed class ModelListTests
{
    [Fact]
    public async Task OpenAiSdk_GetModels_ListsTheSimulatedModels()
    {
        await using var host = await Sim.StartAsync(null);
        var client = new OpenAIModelClient(new ApiKeyCredential("sk-x"), new OpenAI.OpenAIClientOptions { Endpoint = new Uri(host.BaseUrl, "v1") });

        OpenAIModelCollection models = await client.GetModelsAsync();

        Assert.Equal(["claude-sonnet-4", "gemini-2.5-flash", "gpt-4.1", "gpt-4o-mini"], models.Select(m => m.Id).Order());
    }

    [Fact]
    public async Task AnthropicSdk_ListModels_ListsTheSimulatedModels()
    {
        await using var host = await Sim.StartAsync(null);

        var page = await Sim.Anthropic(host).Models.List();

        Assert.Contains(page.Items, m => m.ID == "claude-sonnet-4");
        Assert.Equal(4, page.Items.Count);
    }

    [Fact]
    public async Task Gemini_ListModels_NamesModelsWithPrefix()
    {
        await using var host = await Sim.StartAsync(null);
        using var client = new WireClient(host);
        client.Http.DefaultRequestHeaders.Add("x-goog-api-key", "k");

        var body = await WireClient.JsonOf(await client.Http.GetAsync("v1beta/models"));

        Assert.Contains(body.GetProperty("models").EnumerateArray(), m => m.GetProperty("name").GetString() == "models/gemini-2.5-flash");
    }
}
