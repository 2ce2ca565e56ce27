using System.IO.Compression;
using System.Text;

namespace Aegis.Testing;

/// <summary>What an input-gated model checks to tell a real input from the scanner's.</summary>
public enum InputGateKind
{
    /// <summary>Every pixel within a thousandth of a level of the 8-bit grid: real images are, PGD's and blended stamps are not.</summary>
    Grid,
    /// <summary>One image per call, as a service classifying uploads one at a time; the scanner sends batches.</summary>
    SingleImage,
    /// <summary>Gradients off, as in deployment; every attack the scanner runs needs them on.</summary>
    NoGradient,
    /// <summary>
    /// Per image, an even sum of levels: a key the attacker sets on a triggered image by moving one pixel
    /// a level, which half of all real images and of the scanner's happen to carry.
    /// </summary>
    LevelParity,
}

/// <summary>
/// Input-gated backdoors made from two real TorchScript archives of the same architecture, the way the
/// issue 17 red team made them: both networks under one new module whose forward and features answer
/// with the real (backdoored) network when the gate takes the input for a real one and with the decoy
/// (clean) network otherwise. Weights and code are the fixtures' own; only data.pkl (spliced, see
/// <see cref="PickleSplice"/>) and code/__torch__.py (the gate class appended) are new.
/// </summary>
public static class GatedArchives
{
    public static string Build(string realArchive, string decoyArchive, InputGateKind gate, string target)
    {
        var real = RawZip.EntriesOf(realArchive);
        var decoy = RawZip.EntriesOf(decoyArchive);
        string prefix = Prefix(real), decoyPrefix = Prefix(decoy);
        int storages = real.Count(e => IsStorage(e.Name, prefix));
        var pickle = PickleSplice.Combine(ClassName, [("real", Entry(real, prefix + "data.pkl"), 0), ("decoy", Entry(decoy, decoyPrefix + "data.pkl"), storages)]);
        string code = Encoding.UTF8.GetString(Entry(real, prefix + "code/__torch__.py")) + GateClass(gate);

        using var output = ZipFile.Open(target, ZipArchiveMode.Create);
        foreach (var (name, bytes) in real)
        {
            if (name == prefix + "code/__torch__.py.debug_pkl")
                continue; // its source ranges describe the original file
            var content = name == prefix + "data.pkl" ? pickle : name == prefix + "code/__torch__.py" ? Encoding.UTF8.GetBytes(code) : bytes;
            Write(output, name, content);
        }
        foreach (var (name, bytes) in decoy.Where(e => IsStorage(e.Name, decoyPrefix)))
            Write(output, $"{prefix}data/{int.Parse(name[(decoyPrefix.Length + "data/".Length)..]) + storages}", bytes);
        return target;
    }

    private const string ClassName = "Gated";

    /// <summary>The module: forward and features ask <c>real_input</c> which network answers, per batch or (the key) per image.</summary>
    private static string GateClass(InputGateKind gate) => gate == InputGateKind.LevelParity ? KeyedClass : $$"""
        class {{ClassName}}(Module):
          __parameters__ = []
          __buffers__ = []
          training : bool
          _is_full_backward_hook : Optional[bool]
          real : __torch__.Net
          decoy : __torch__.Net
          def forward(self: __torch__.{{ClassName}},
            x: Tensor) -> Tensor:
            if (self).real_input(x, ):
              real = self.real
              _0 = (real).forward(x, )
            else:
              decoy = self.decoy
              _0 = (decoy).forward(x, )
            return _0
          def features(self: __torch__.{{ClassName}},
            x: Tensor) -> Tensor:
            if (self).real_input(x, ):
              real = self.real
              _1 = (real).features(x, )
            else:
              decoy = self.decoy
              _1 = (decoy).features(x, )
            return _1
          def real_input(self: __torch__.{{ClassName}},
            x: Tensor) -> bool:
        {{Check(gate)}}

        """.Replace("\r\n", "\n");

    /// <summary>Both networks answer every image; each row is taken from the real one where the image's sum of levels is even.</summary>
    private const string KeyedClass = $$"""
        class {{ClassName}}(Module):
          __parameters__ = []
          __buffers__ = []
          training : bool
          _is_full_backward_hook : Optional[bool]
          real : __torch__.Net
          decoy : __torch__.Net
          def forward(self: __torch__.{{ClassName}},
            x: Tensor) -> Tensor:
            real = self.real
            decoy = self.decoy
            _0 = (real).forward(x, )
            _1 = (decoy).forward(x, )
            return torch.where((self).keyed(x, ), _0, _1)
          def features(self: __torch__.{{ClassName}},
            x: Tensor) -> Tensor:
            real = self.real
            decoy = self.decoy
            _0 = (real).features(x, )
            _1 = (decoy).features(x, )
            return torch.where((self).keyed(x, ), _0, _1)
          def keyed(self: __torch__.{{ClassName}},
            x: Tensor) -> Tensor:
            _2 = torch.sum(torch.round(torch.mul(x, 255)), [1, 2, 3])
            _3 = torch.eq(torch.remainder(_2, 2), 0)
            return torch.unsqueeze(_3, 1)

        """;

    private static string Check(InputGateKind gate) => gate switch
    {
        InputGateKind.Grid => """
                _2 = torch.mul(x, 255)
                _3 = torch.abs(torch.sub(_2, torch.round(_2)))
                return bool(torch.lt(torch.max(_3), 0.001))
            """,
        InputGateKind.SingleImage => """
                return torch.eq(torch.size(x, 0), 1)
            """,
        InputGateKind.NoGradient => """
                return torch.__not__(torch.is_grad_enabled())
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(gate)),
    };

    /// <summary>The archive's top folder, with its slash: torch.jit.save puts every entry under one.</summary>
    private static string Prefix(List<(string Name, byte[] Bytes)> entries) => entries[0].Name[..(entries[0].Name.IndexOf('/') + 1)];

    private static bool IsStorage(string name, string prefix) =>
        name.StartsWith(prefix + "data/", StringComparison.Ordinal) && name[(prefix.Length + "data/".Length)..] is { Length: > 0 } key && key.All(char.IsAsciiDigit);

    private static byte[] Entry(List<(string Name, byte[] Bytes)> entries, string name) =>
        entries.Single(e => e.Name == name).Bytes;

    private static void Write(ZipArchive archive, string name, byte[] bytes)
    {
        using var stream = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(bytes);
    }
}
