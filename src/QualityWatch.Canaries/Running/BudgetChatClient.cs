using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using QualityWatch.Providers;

namespace QualityWatch.Canaries.Running;

/// <summary>
/// The daily budget as <see cref="ChatClientBuilder"/> middleware: before a call is sent it reserves the worst case
/// (prompt UTF-8 bytes, which bound byte-level BPE tokens, plus <c>max_tokens</c>) in the shared
/// <see cref="ProviderBudgetLedger"/> and refuses the call with <see cref="CanaryBudgetExceededException"/> when that
/// could exceed the provider's daily budget; after it, the reservation is settled to the reported usage (nothing for
/// a call the provider did not answer), so concurrent calls cannot overshoot.
/// </summary>
internal sealed class BudgetChatClient(IChatClient inner, ProviderOptions provider, ProviderBudgetLedger ledger, TimeProvider clock) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var materialised = messages.ToList();
        var reservation = Reserve(materialised, options);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(materialised, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Settle(reservation, answered: false, null, null);
            throw;
        }

        Settle(reservation, answered: true, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var materialised = messages.ToList();
        var reservation = Reserve(materialised, options);
        long? input = null, output = null;
        var answered = false;
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(materialised, options, cancellationToken).ConfigureAwait(false))
            {
                foreach (var usage in update.Contents.OfType<UsageContent>())
                {
                    input = usage.Details.InputTokenCount ?? input;
                    output = usage.Details.OutputTokenCount ?? output;
                }

                yield return update;
            }

            answered = true;
        }
        finally
        {
            // A caller's cancellation leaves the reservation standing, as the call may have been billed.
            if (answered || !cancellationToken.IsCancellationRequested)
            {
                Settle(reservation, answered, input, output);
            }
        }
    }

    private Reservation Reserve(List<ChatMessage> messages, ChatOptions? options)
    {
        var maxTokens = options?.MaxOutputTokens ?? 0;
        var tokens = messages.Sum(m => (long)Encoding.UTF8.GetByteCount(m.Text) + 8) + maxTokens;
        var cost = provider.CostOf(tokens - maxTokens, maxTokens);
        var at = clock.GetUtcNow();
        return ledger.TryReserve(provider.Name, provider.DailyTokenBudget, provider.DailyCostBudget, tokens, cost, at)
            ? new Reservation(at, tokens, maxTokens, cost)
            : throw new CanaryBudgetExceededException(provider.Name);
    }

    private void Settle(Reservation reservation, bool answered, long? input, long? output)
    {
        long usedTokens = answered ? (input ?? (reservation.Tokens - reservation.MaxTokens)) + (output ?? reservation.MaxTokens) : 0;
        var usedCost = answered ? provider.CostOf(input ?? 0, output ?? 0) : 0m;
        ledger.Settle(provider.Name, reservation.At, reservation.Tokens, reservation.Cost, usedTokens, usedCost);
    }

    private readonly record struct Reservation(DateTimeOffset At, long Tokens, int MaxTokens, decimal Cost);
}
