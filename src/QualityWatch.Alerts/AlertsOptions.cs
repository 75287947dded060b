namespace QualityWatch.Alerts;

/// <summary>Alert lifecycle, notification and review-page settings. Bound from the <c>alerts</c> section.</summary>
public sealed class AlertsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Alerts";

    /// <summary>
    /// An open alert resolves itself only on evidence of recovery: its series reported healthy (back inside the
    /// baseline frozen when the incident opened) for <see cref="RecoveryChecks"/> consecutive passes spanning at least
    /// this long. Passes without data for the series are "no data": they neither count nor reset the streak.
    /// </summary>
    public TimeSpan AutoResolveAfter { get; set; } = Defaults.AutoResolveAfter;

    /// <summary>Consecutive healthy passes needed before an alert resolves itself (with <see cref="AutoResolveAfter"/>).</summary>
    public int RecoveryChecks { get; set; } = Defaults.RecoveryChecks;

    /// <summary>A finding this soon after its alert (or incident) resolved reopens it, recorded as "regressed", instead
    /// of opening a new one.</summary>
    public TimeSpan ReopenCooldown { get; set; } = Defaults.ReopenCooldown;

    /// <summary>
    /// Provider names that differ from the telemetry's <c>gen_ai.provider.name</c> (a canary provider <c>openai-prod</c>
    /// of kind <c>openai</c>): alerts on the same family and model are one incident. Hosts add the configured canary
    /// providers by kind; list others here.
    /// </summary>
    public List<ProviderFamilyOptions> ProviderFamilies { get; set; } = [];

    /// <summary>Open alerts are re-posted to Alertmanager this often, so Alertmanager keeps them active.</summary>
    public TimeSpan RenotifyInterval { get; set; } = Defaults.RenotifyInterval;

    /// <summary>Examples kept with an alert's evidence.</summary>
    public int MaxExamples { get; set; } = Defaults.MaxExamples;

    /// <summary>Base URL of the review page (for evidence links in notifications), for example <c>https://qw.example.com</c>.</summary>
    public string? ExternalUrl { get; set; }

    /// <summary>
    /// Where the runbooks live: <c>{runbook_base_url}/{kind}.md</c> (for example your fork's
    /// <c>https://github.com/acme/qualitywatch/blob/main/docs/runbooks</c>). Unset, the collector serves the shipped
    /// runbooks itself at <c>/runbooks/{kind}</c>.
    /// </summary>
    public string? RunbookBaseUrl { get; set; }

    /// <summary>Grafana base URL (<c>https://grafana.example.com</c>); when set, incident pages deep-link to the shipped
    /// dashboards with the provider, model and the incident's time range.</summary>
    public string? GrafanaUrl { get; set; }

    /// <summary>How often the dispatcher looks at the outbox.</summary>
    public TimeSpan DispatchInterval { get; set; } = Defaults.DispatchInterval;

    /// <summary>First retry delay after a failed delivery; doubles on each failure up to <see cref="RetryMaxBackoff"/>.</summary>
    public TimeSpan RetryInitialBackoff { get; set; } = Defaults.RetryInitialBackoff;

    /// <summary>Longest delay between retries. Notifications are never dropped: they are retried forever.</summary>
    public TimeSpan RetryMaxBackoff { get; set; } = Defaults.RetryMaxBackoff;

    /// <summary>Timeout of one delivery attempt.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = Defaults.DeliveryTimeout;

    /// <summary>Window over which the provider page measures availability against the SLA.</summary>
    public TimeSpan SloWindow { get; set; } = Defaults.SloWindow;

    /// <summary>Published availability SLA assumed for providers not listed in <see cref="ProviderSlas"/>.</summary>
    public double DefaultSla { get; set; } = Defaults.Sla;

    /// <summary>Published availability SLAs per provider (or provider and model). A list rather than a map because
    /// provider names contain dashes, which the YAML loader would rewrite in map keys.</summary>
    public List<ProviderSlaOptions> ProviderSlas { get; set; } = [];

    /// <summary>Where notifications go.</summary>
    public AlertRoutesOptions Routes { get; set; } = new();

    /// <summary>Checks the values once, at start, naming the setting and its allowed range.</summary>
    public void Validate()
    {
        Require(AutoResolveAfter > TimeSpan.Zero, "alerts.auto_resolve_after must be positive");
        Require(RecoveryChecks is >= 1 and <= 10_000, "alerts.recovery_checks must be in [1, 10000]");
        Require(ReopenCooldown >= TimeSpan.Zero, "alerts.reopen_cooldown must not be negative");
        foreach (var family in ProviderFamilies)
        {
            Require(!string.IsNullOrWhiteSpace(family.Provider) && !string.IsNullOrWhiteSpace(family.Family), "alerts.provider_families[] needs provider and family");
        }

        Require(RenotifyInterval > TimeSpan.Zero, "alerts.renotify_interval must be positive");
        Require(MaxExamples is >= 0 and <= 100, "alerts.max_examples must be in [0, 100]");
        Require(DispatchInterval > TimeSpan.Zero, "alerts.dispatch_interval must be positive");
        Require(RetryInitialBackoff > TimeSpan.Zero && RetryMaxBackoff >= RetryInitialBackoff, "alerts.retry_initial_backoff must be positive and at most alerts.retry_max_backoff");
        Require(DeliveryTimeout > TimeSpan.Zero, "alerts.delivery_timeout must be positive");
        Require(SloWindow > TimeSpan.Zero, "alerts.slo_window must be positive");
        Require(DefaultSla is > 0 and < 1, "alerts.default_sla must be in (0, 1), for example 0.999");
        foreach (var sla in ProviderSlas)
        {
            Require(!string.IsNullOrWhiteSpace(sla.Provider), "alerts.provider_slas[].provider is required");
            Require(sla.Sla is > 0 and < 1, $"alerts.provider_slas[] sla for {sla.Provider} must be in (0, 1), for example 0.999");
        }

        if (ExternalUrl is { Length: > 0 } && !Uri.TryCreate(ExternalUrl, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException("alerts.external_url must be an absolute URL");
        }

        Require(RunbookBaseUrl is not { Length: > 0 } || IsHttpUrl(RunbookBaseUrl), "alerts.runbook_base_url must be an absolute http(s) URL");
        Require(GrafanaUrl is not { Length: > 0 } || IsHttpUrl(GrafanaUrl), "alerts.grafana_url must be an absolute http(s) URL");
        foreach (var url in Routes.Alertmanager)
        {
            Require(IsHttpUrl(url), "alerts.routes.alertmanager entries must be absolute http(s) URLs");
        }

        foreach (var webhook in Routes.Webhooks)
        {
            Require(IsHttpUrl(webhook.Url), "alerts.routes.webhooks[].url must be an absolute http(s) URL");
            Require(webhook.Format is "json" or "slack", "alerts.routes.webhooks[].format must be 'json' or 'slack'");
        }
    }

    /// <summary>
    /// Adds the family of each configured canary provider from its adapter kind (<c>openai-prod</c> of kind
    /// <c>openai</c> → <c>openai</c>), unless <see cref="ProviderFamilies"/> lists it already.
    /// </summary>
    public void AddProviderKinds(IEnumerable<(string Provider, string Kind)> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        foreach (var (provider, kind) in providers)
        {
            if (!string.IsNullOrWhiteSpace(provider) && !string.IsNullOrWhiteSpace(kind) && !ProviderFamilies.Any(f => f.Provider == provider))
            {
                ProviderFamilies.Add(new ProviderFamilyOptions { Provider = provider, Family = ProviderFamilyOptions.FamilyOfKind(kind) });
            }
        }
    }

    /// <summary>The SLA for a provider and model: an entry for the model first, then the provider's, then the default.</summary>
    public double SlaFor(string provider, string model) =>
        ProviderSlas.FirstOrDefault(s => s.Provider == provider && s.Model == model)?.Sla
        ?? ProviderSlas.FirstOrDefault(s => s.Provider == provider && string.IsNullOrEmpty(s.Model))?.Sla
        ?? DefaultSla;

    private static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    /// <summary>Named defaults.</summary>
    internal static class Defaults
    {
        public static readonly TimeSpan AutoResolveAfter = TimeSpan.FromMinutes(15);
        public const int RecoveryChecks = 2;
        public static readonly TimeSpan ReopenCooldown = TimeSpan.FromHours(6);
        public static readonly TimeSpan RenotifyInterval = TimeSpan.FromMinutes(1);
        public const int MaxExamples = 5;
        public static readonly TimeSpan DispatchInterval = TimeSpan.FromSeconds(5);
        public static readonly TimeSpan RetryInitialBackoff = TimeSpan.FromSeconds(5);
        public static readonly TimeSpan RetryMaxBackoff = TimeSpan.FromMinutes(5);
        public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);
        public static readonly TimeSpan SloWindow = TimeSpan.FromDays(30);
        public const double Sla = 0.999;
    }
}
