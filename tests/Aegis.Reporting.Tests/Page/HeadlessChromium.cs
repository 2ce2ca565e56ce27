using Microsoft.Playwright;

namespace Aegis.Reporting.Tests.Page;

/// <summary>What a real browser saw when it opened a page.</summary>
public sealed record PageVisit(
    string Title,
    string VerdictWord,
    int Images,
    IReadOnlyList<string> BrokenImages,
    IReadOnlyList<string> ConsoleErrors,
    IReadOnlyList<string> Requests,
    int ScrollWidth,
    int ViewportWidth,
    IReadOnlyList<string> SectionIds,
    IReadOnlyList<string> TableHeaders);

/// <summary>
/// Debian's chromium (installed by scripts/prerequisites.sh --test), driven by Playwright through
/// an explicit executable path: no browser is downloaded. A page is opened from a file:// URL with
/// every fold opened, so each image must decode.
/// </summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static async Task<PageVisit> VisitAsync(string file, int viewportWidth = 1280)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: run scripts/prerequisites.sh --test (installs Debian's chromium).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = Flags,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = viewportWidth, Height = 900 } });
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                errors.Add($"{message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => errors.Add($"page error: {error}");
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith("data:", StringComparison.Ordinal))
                requests.Add(request.Url);
        };

        await page.GotoAsync(new Uri(Path.GetFullPath(file)).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        await page.EvaluateAsync("() => Promise.all([...document.images].map(i => i.decode().catch(() => null)))");

        var broken = await page.EvaluateAsync<string[]>(
            "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)");
        return new PageVisit(
            await page.TitleAsync(),
            (await page.Locator("header .word").InnerTextAsync()).Trim(),
            await page.EvaluateAsync<int>("() => document.images.length"),
            broken,
            errors,
            requests.Where(u => u != new Uri(Path.GetFullPath(file)).AbsoluteUri).ToArray(),
            await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"),
            viewportWidth,
            await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('section.class')].map(s => s.id)"),
            await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('table.classes thead th')].map(t => t.innerText.split('\\n')[0].trim())"));
    }
}
