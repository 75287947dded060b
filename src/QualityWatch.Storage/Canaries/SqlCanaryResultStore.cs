using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using QualityWatch.Core.Canaries;

namespace QualityWatch.Storage.Canaries;

/// <summary>
/// Canary results in the shared SQLite or PostgreSQL database (table <c>canary_results</c>, migration
/// <c>canaries-0001</c>). Open the database with <see cref="CanaryStorage.Migrations"/> first.
/// </summary>
public sealed class SqlCanaryResultStore(IQualityWatchDatabase database) : ICanaryResultStore
{
    private const string Columns =
        "run_id, round, ts_unix_ms, provider, model, suite, case_id, category, outcome, latency_ms, ttft_ms, input_tokens, " +
        "output_tokens, cost_usd, finish_reason, error_type, expected, actual, failure_reasons, system_fingerprint, labels, trace_id, span_id, session, " +
        "logprob_tokens, greedy_violations";

    private readonly IQualityWatchDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public async Task AppendAsync(IReadOnlyList<CanaryResult> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return;
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO canary_results ({Columns}) VALUES (@run_id, @round, @ts, @provider, @model, @suite, @case_id, @category, @outcome, @latency, @ttft, @input, @output, @cost, @finish, @error, @expected, @actual, @reasons, @fingerprint, @labels, @trace_id, @span_id, @session, @logprob_tokens, @greedy_violations)";
            insert.AddParameter("@run_id", result.RunId);
            insert.AddParameter("@round", result.Round);
            insert.AddParameter("@ts", result.Timestamp.ToUnixTimeMilliseconds());
            insert.AddParameter("@provider", result.Provider);
            insert.AddParameter("@model", result.Model);
            insert.AddParameter("@suite", result.Suite);
            insert.AddParameter("@case_id", result.CaseId);
            insert.AddParameter("@category", result.Category);
            insert.AddParameter("@outcome", result.Outcome.ToString());
            insert.AddParameter("@latency", result.Latency.TotalMilliseconds);
            insert.AddParameter("@ttft", result.TimeToFirstToken?.TotalMilliseconds);
            insert.AddParameter("@input", result.InputTokens);
            insert.AddParameter("@output", result.OutputTokens);
            insert.AddParameter("@cost", result.Cost.ToString(CultureInfo.InvariantCulture));
            insert.AddParameter("@finish", result.FinishReason);
            insert.AddParameter("@error", result.ErrorType);
            insert.AddParameter("@expected", result.Expected);
            insert.AddParameter("@actual", result.Actual);
            insert.AddParameter("@reasons", JsonSerializer.Serialize(result.FailureReasons));
            insert.AddParameter("@fingerprint", result.SystemFingerprint);
            insert.AddParameter("@labels", JsonSerializer.Serialize(result.Labels));
            insert.AddParameter("@trace_id", result.TraceId);
            insert.AddParameter("@span_id", result.SpanId);
            insert.AddParameter("@session", result.Session);
            insert.AddParameter("@logprob_tokens", result.LogprobTokens);
            insert.AddParameter("@greedy_violations", result.GreedyViolations);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CanaryResult>> QueryAsync(DateTimeOffset from, DateTimeOffset to, string? provider, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {Columns} FROM canary_results WHERE ts_unix_ms >= @from AND ts_unix_ms < @to"
            + (provider is null ? string.Empty : " AND provider = @provider")
            + " ORDER BY ts_unix_ms, id";
        query.AddParameter("@from", from.ToUnixTimeMilliseconds());
        query.AddParameter("@to", to.ToUnixTimeMilliseconds());
        if (provider is not null)
        {
            query.AddParameter("@provider", provider);
        }

        var results = new List<CanaryResult>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(ReadResult(reader));
        }

        return results;
    }

    /// <summary>
    /// Results stored after row <paramref name="afterId"/>, in row order, at most <paramref name="limit"/>: what a
    /// detection pass has not read yet, whichever replica's runner stored it.
    /// </summary>
    public async Task<IReadOnlyList<StoredCanaryResult>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {Columns}, id FROM canary_results WHERE id > @after ORDER BY id LIMIT {limit.ToString(CultureInfo.InvariantCulture)}";
        query.AddParameter("@after", afterId);
        var results = new List<StoredCanaryResult>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            results.Add(new StoredCanaryResult(Convert.ToInt64(reader.GetValue(26), CultureInfo.InvariantCulture), ReadResult(reader)));
        }

        return results;
    }

    /// <summary>Tokens and cost of the results each provider stored since <paramref name="since"/> (a budget day's
    /// start), so a replica that takes the schedule over continues the day's budget instead of starting it again.</summary>
    public async Task<IReadOnlyDictionary<string, (long Tokens, decimal Cost)>> SpentSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT provider, input_tokens, output_tokens, cost_usd FROM canary_results WHERE ts_unix_ms >= @since";
        query.AddParameter("@since", since.ToUnixTimeMilliseconds());
        var spent = new Dictionary<string, (long Tokens, decimal Cost)>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            long tokens = (reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture))
                + (reader.IsDBNull(2) ? 0 : Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture));
            decimal cost = decimal.Parse(reader.GetString(3), NumberStyles.Float, CultureInfo.InvariantCulture);
            var (t, c) = spent.GetValueOrDefault(reader.GetString(0));
            spent[reader.GetString(0)] = (t + tokens, c + cost);
        }

        return spent;
    }

    private static CanaryResult ReadResult(DbDataReader reader) =>
        new CanaryResult(
            reader.GetString(0),
            Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture)),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetString(7),
            Enum.Parse<CanaryOutcome>(reader.GetString(8)),
            TimeSpan.FromMilliseconds(reader.GetDouble(9)),
            reader.IsDBNull(10) ? null : TimeSpan.FromMilliseconds(reader.GetDouble(10)),
            reader.IsDBNull(11) ? null : Convert.ToInt64(reader.GetValue(11), CultureInfo.InvariantCulture),
            reader.IsDBNull(12) ? null : Convert.ToInt64(reader.GetValue(12), CultureInfo.InvariantCulture),
            decimal.Parse(reader.GetString(13), NumberStyles.Float, CultureInfo.InvariantCulture),
            reader.IsDBNull(14) ? null : reader.GetString(14),
            reader.IsDBNull(15) ? null : reader.GetString(15),
            reader.GetString(16),
            reader.IsDBNull(17) ? null : reader.GetString(17),
            JsonSerializer.Deserialize<List<string>>(reader.GetString(18)) ?? [],
            reader.IsDBNull(19) ? null : reader.GetString(19),
            JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(20)) ?? [],
            reader.IsDBNull(21) ? null : reader.GetString(21),
            reader.IsDBNull(22) ? null : reader.GetString(22),
            reader.IsDBNull(23) ? null : reader.GetString(23),
            reader.IsDBNull(24) ? null : Convert.ToInt64(reader.GetValue(24), CultureInfo.InvariantCulture),
            reader.IsDBNull(25) ? null : Convert.ToInt64(reader.GetValue(25), CultureInfo.InvariantCulture));
}
