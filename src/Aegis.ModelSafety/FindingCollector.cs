using Aegis.Core.Text;

namespace Aegis.ModelSafety;

/// <summary>Gathers findings during a check; keeps the first few hundred so a hostile file cannot flood the report.</summary>
internal sealed class FindingCollector
{
    private const int MaxKept = 200;
    private readonly List<SafetyFinding> _findings = [];

    public IReadOnlyList<SafetyFinding> All => _findings;
    public int Count { get; private set; }
    public bool HasBlocking { get; private set; }

    /// <summary>Something the allowlists do not allow: the model is unsafe.</summary>
    public void Unsafe(string rule, string subject, string location, string message) => Add(new SafetyFinding(rule, UntrustedText.QuoteAscii(subject), UntrustedText.QuoteAscii(location), message));

    /// <summary>Something that stops the check from reading further: the model is unreadable.</summary>
    public void Unreadable(string rule, string subject, string location, string message) => Add(new SafetyFinding(rule, UntrustedText.QuoteAscii(subject), UntrustedText.QuoteAscii(location), message, Blocking: false));

    private void Add(SafetyFinding finding)
    {
        Count++;
        HasBlocking |= finding.Blocking;
        if (_findings.Count < MaxKept)
            _findings.Add(finding);
    }
}
