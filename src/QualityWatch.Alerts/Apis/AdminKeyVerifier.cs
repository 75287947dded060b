using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QualityWatch.Core.Security;

namespace QualityWatch.Alerts.Apis;

/// <summary>Checks the admin key on changing requests: <c>Authorization: Bearer &lt;key&gt;</c> or <c>x-api-key</c>.</summary>
internal sealed class AdminKeyVerifier
{
    private readonly ApiKeySet _keys;

    public AdminKeyVerifier(IOptions<SecurityOptions> options, ILogger<AdminKeyVerifier> logger)
    {
        var settings = options.Value;
        try
        {
            _keys = ApiKeySet.From(settings.AdminKeys, settings.AdminKeysEnv, settings.AdminKeysFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Fail closed: alert changes are refused until the file is readable; the path is not a secret, the keys are.
            logger.LogError("security.admin_keys_file {Path} could not be read ({Reason}); alert changes are refused", string.Join(", ", settings.AdminKeysFile), exception.GetType().Name);
            _keys = ApiKeySet.From(null, null, null);
        }
    }

    /// <summary>False when no admin key is configured: changes are refused and pages show how to enable them.</summary>
    public bool HasKeys => !_keys.IsEmpty;

    /// <summary>What pages show instead of action buttons when no admin key is configured.</summary>
    public const string HowToEnable =
        "Acknowledge, resolve and silence are disabled because no admin key is configured. To enable them, set security.admin_keys_env (an environment variable holding the keys), security.admin_keys_file or security.admin_keys in qualitywatch.yaml and restart.";

    /// <summary>Null when allowed; else the status (401 no key, 403 wrong key or none configured) and a message.</summary>
    public (int Status, string Detail)? Check(HttpContext context)
    {
        var presented = Presented(context.Request);
        if (string.IsNullOrEmpty(presented))
        {
            return (StatusCodes.Status401Unauthorized, "an admin key is required: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'");
        }

        if (_keys.IsEmpty)
        {
            return (StatusCodes.Status403Forbidden, "no admin keys are configured (security.admin_keys, admin_keys_env or admin_keys_file); alert changes are disabled");
        }

        return _keys.Matches(presented) ? null : (StatusCodes.Status403Forbidden, "the admin key is not valid");
    }

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Headers["x-api-key"].ToString() is { Length: > 0 } apiKey ? apiKey : null;
    }
}
