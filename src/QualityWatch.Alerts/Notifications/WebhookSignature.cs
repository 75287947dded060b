using System.Security.Cryptography;
using System.Text;

namespace QualityWatch.Alerts.Notifications;

/// <summary><c>X-QualityWatch-Signature: sha256=&lt;lower-case hex HMAC-SHA256 of the raw body&gt;</c>.</summary>
internal static class WebhookSignature
{
    public const string HeaderName = "X-QualityWatch-Signature";

    public static string Compute(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
