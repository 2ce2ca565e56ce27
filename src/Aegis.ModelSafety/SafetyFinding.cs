namespace Aegis.ModelSafety;

/// <summary>
/// One reason a model is refused. <see cref="Subject"/> names the operator, global or entry (for
/// example <c>aten::save</c>); <see cref="Location"/> is the archive entry and line or byte offset.
/// Neither ever quotes the model's data: names are cleaned by <see cref="Aegis.Core.Text.UntrustedText.QuoteAscii"/>.
/// </summary>
/// <param name="Rule">What kind of check failed: operator, custom-operator, print, loop, pickle-global, pickle-opcode, storage, archive-entry, archive-size, zip-bomb, code, lab-model.</param>
/// <param name="Subject">The operator, global or entry the finding is about.</param>
/// <param name="Location">Where: <c>code/__torch__.py:31</c>, <c>data.pkl@byte 120</c>, an entry name.</param>
/// <param name="Message">What it does and why it is refused.</param>
/// <param name="Blocking">True when the finding makes the model unsafe; false when it only makes it unreadable.</param>
public sealed record SafetyFinding(string Rule, string Subject, string Location, string Message, bool Blocking = true)
{
    public override string ToString() => $"{Location}: {Message}";
}
