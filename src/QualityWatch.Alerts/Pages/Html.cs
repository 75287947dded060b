using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace QualityWatch.Alerts.Pages;

/// <summary>HTML building blocks. Everything that came from data goes through <see cref="E"/>.</summary>
internal static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    public static string Time(DateTimeOffset? time) => time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";

    public static string Number(double? value, string format = "G4") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string Percent(double? ratio, int decimals = 2) =>
        ratio is { } r && double.IsFinite(r) ? (r * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + " %" : "—";

    public static string Layout(string title, string body)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(title)).Append(" · QualityWatch</title><style>").Append(Css).Append("</style></head><body>");
        html.Append("<header><a class=\"brand\" href=\"/incidents\">QualityWatch</a><nav><a href=\"/incidents\">Incidents</a><a href=\"/alerts\">Alerts</a><a href=\"/providers\">Providers</a></nav></header><main>");
        html.Append(body);
        html.Append("</main><script>").Append(Script).Append("</script></body></html>");
        return html.ToString();
    }

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
        header{display:flex;gap:2rem;align-items:center;background:#24292f;color:#fff;padding:.6rem 1.5rem}
        header a{color:#fff;text-decoration:none;margin-right:1rem}.brand{font-weight:700}
        main{padding:1rem 1.5rem;max-width:1200px}
        table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0 1.5rem}
        th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
        th{background:#eaeef2}
        .sev-critical{color:#fff;background:#cf222e;padding:0 .4rem;border-radius:3px}
        .sev-warning{background:#d4a72c;padding:0 .4rem;border-radius:3px}
        .sev-info{background:#ddf4ff;padding:0 .4rem;border-radius:3px}
        .state-resolved{color:#1a7f37}.state-firing{color:#cf222e;font-weight:600}
        form.filters{display:flex;gap:1rem;align-items:end;flex-wrap:wrap;margin:.5rem 0}
        form.filters label{display:flex;flex-direction:column;font-size:.8rem}
        form.filters fieldset{display:flex;gap:.6rem;align-items:center;border:1px solid #d0d7de;padding:.3rem .6rem}form.filters label.check{flex-direction:row;align-items:center;gap:.2rem}
        .actions button,.actions select{margin-right:.5rem}
        pre.diff{background:#fff;border:1px solid #d0d7de;padding:.5rem;margin:0;white-space:pre-wrap}
        .del{background:#ffebe9;display:block}.ins{background:#dafbe1;display:block}
        .error{color:#cf222e;font-weight:600}.ok{color:#1a7f37}
        svg text{font-size:11px;fill:#57606a}svg text.axis-label{font-size:12px;fill:#24292f}
        mark.unexpected{background:#ffd8b5;outline:1px solid #cf222e}pre.output{background:#fff;border:1px solid #d0d7de;padding:.5rem;white-space:pre-wrap}
        form.action-form{display:flex;gap:.5rem;align-items:end;flex-wrap:wrap;margin:.5rem 0}form.action-form label{display:flex;flex-direction:column;font-size:.8rem}
        .disabled-actions{background:#fff8c5;border:1px solid #d4a72c;padding:.5rem}
        """;

    // Asks for the admin key once, keeps it in sessionStorage, sends it as x-api-key. No external scripts.
    private const string Script = """
        (function () {
          const status = document.getElementById('action-status');
          function key() {
            let k = sessionStorage.getItem('qwAdminKey');
            if (!k) {
              k = window.prompt('Admin key (kept for this browser tab only)');
              if (k) sessionStorage.setItem('qwAdminKey', k);
            }
            return k;
          }
          async function act(button) {
            const k = key();
            if (!k) return;
            let url;
            if (button.dataset.post) {
              // Incident and silence actions: every named field of the button's form goes into the query string.
              const form = button.closest('form');
              const params = new URLSearchParams();
              if (form) new FormData(form).forEach((v, n) => { if (v !== '') params.append(n, v); });
              url = button.dataset.post + (params.toString() ? '?' + params.toString() : '');
            } else {
              let query = '';
              if (button.dataset.action === 'silence') {
                const select = document.getElementById('silence-for');
                query = '?until=' + encodeURIComponent(select ? select.value : '1h');
              }
              url = '/api/alerts/' + encodeURIComponent(button.dataset.alert) + '/' + button.dataset.action + query;
            }
            const response = await fetch(url, { method: button.dataset.method || 'POST', headers: { 'x-api-key': k } });
            if (response.status === 401 || response.status === 403) sessionStorage.removeItem('qwAdminKey');
            if (!response.ok) {
              let problem = {};
              try { problem = await response.json(); } catch (e) { }
              if (status) { status.className = 'error'; status.textContent = (problem.title || response.status) + ': ' + (problem.detail || ''); }
              return;
            }
            window.location.reload();
          }
          document.querySelectorAll('button[data-action]').forEach(b => b.addEventListener('click', () => act(b)));
        })();
        """;
}
