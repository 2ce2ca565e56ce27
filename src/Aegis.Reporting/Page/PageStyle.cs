namespace Aegis.Reporting.Page;

/// <summary>The page's only stylesheet, inline: system fonts, a readable measure, light and dark, one column on a phone.</summary>
internal static class PageStyle
{
    public const string Css = """
        :root { color-scheme: light dark; --fg: #1c2230; --muted: #5d6677; --bg: #f6f7fa; --card: #ffffff; --line: #e1e5ec;
          --bad: #b2182b; --bad-bg: #fdecee; --good: #17794a; --good-bg: #e6f5ed; --warn: #9a5b00; --warn-bg: #fff4e0; --link: #2f55c4; }
        @media (prefers-color-scheme: dark) {
          :root { --fg: #e6e9ef; --muted: #a2abbb; --bg: #14171d; --card: #1c2028; --line: #2e3440;
            --bad: #ff6b7a; --bad-bg: #3a1d22; --good: #4cc38a; --good-bg: #16302a; --warn: #f0b35a; --warn-bg: #362a15; --link: #8fb0ff; }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--fg);
          font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 76rem; margin: 0 auto; padding: 1.5rem clamp(0.75rem, 3vw, 2rem) 4rem; }
        a { color: var(--link); }
        h1 { font-size: clamp(1.35rem, 4vw, 2rem); line-height: 1.2; margin: 0.15rem 0 0.4rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.25rem; margin: 2.2rem 0 0.8rem; letter-spacing: 0.01em; }
        header.verdict { background: var(--card); border: 1px solid var(--line); border-left: 0.5rem solid var(--muted);
          border-radius: 14px; padding: 1.1rem clamp(1rem, 3vw, 1.6rem); }
        header.verdict.backdoored { border-left-color: var(--bad); background: var(--bad-bg); }
        header.verdict.clean { border-left-color: var(--good); background: var(--good-bg); }
        header.verdict.not-applicable { border-left-color: var(--warn); background: var(--warn-bg); }
        header.verdict.error { border-left-color: var(--bad); }
        .kicker { margin: 0; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); }
        .word { margin: 0; font-size: clamp(1.4rem, 5vw, 1.9rem); font-weight: 750; text-transform: uppercase; letter-spacing: 0.05em; }
        .backdoored .word, .error .word { color: var(--bad); }
        .clean .word { color: var(--good); }
        .not-applicable .word { color: var(--warn); }
        .sentence { font-size: 1.1rem; margin: 0.3rem 0; }
        .probability { margin: 0.3rem 0 0; font-variant-numeric: tabular-nums; }
        .why { color: var(--muted); margin: 0.5rem 0 0; max-width: 60rem; }
        dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 0.6rem 1.4rem; margin: 1.2rem 0 0; }
        dl.facts dt { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
        .table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 12px; }
        table { border-collapse: collapse; width: 100%; font-size: 0.92rem; font-variant-numeric: tabular-nums; }
        th, td { padding: 0.45rem 0.75rem; text-align: right; vertical-align: top; border-bottom: 1px solid var(--line); white-space: nowrap; }
        thead th { font-size: 0.78rem; font-weight: 600; color: var(--muted); vertical-align: bottom; }
        tbody tr:last-child > * { border-bottom: 0; }
        th:first-child, th:nth-child(2), td:nth-child(2), td.seeds { text-align: left; }
        td.seeds { white-space: normal; min-width: 16rem; }
        th small, td small { display: block; font-size: 0.74rem; font-weight: 400; color: var(--muted); }
        th[scope=row] small { display: inline; }
        tr.suspicious { background: var(--bad-bg); }
        td.hit { color: var(--bad); font-weight: 650; }
        .badge { display: inline-block; padding: 0.05rem 0.55rem; border-radius: 999px; font-size: 0.74rem; font-weight: 650; vertical-align: 0.12em; }
        .badge.bad { background: var(--bad); color: var(--card); }
        .badge.note { background: var(--line); color: var(--fg); }
        section.class { background: var(--card); border: 1px solid var(--line); border-radius: 12px; margin: 0.9rem 0; }
        section.class.suspicious { border-color: var(--bad); box-shadow: 0 0 0 3px var(--bad-bg); }
        summary { cursor: pointer; padding: 0.8rem 1.1rem; }
        summary h3 { display: inline; font-size: 1.12rem; margin: 0; }
        summary .facts { display: block; color: var(--muted); font-size: 0.9rem; margin: 0.15rem 0 0 1.1rem; }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr)); gap: 1.1rem; padding: 0.2rem 1.1rem 1.1rem; }
        figure { margin: 0; min-width: 0; }
        figure.wide { grid-column: 1 / -1; }
        figcaption { font-size: 0.88rem; color: var(--muted); margin: 0 0 0.45rem; max-width: 60rem; }
        figcaption strong { color: var(--fg); margin-right: 0.3rem; }
        img { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
        .missing { color: var(--muted); font-style: italic; }
        section.class .table-wrap { margin: 0 1.1rem 1.1rem; }
        details.raw summary { padding: 0.4rem 0; }
        pre { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 1rem; font-size: 0.8rem; }
        footer { margin-top: 2.5rem; color: var(--muted); font-size: 0.85rem; }
        """;
}
