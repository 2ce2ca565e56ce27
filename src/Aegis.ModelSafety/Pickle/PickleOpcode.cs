namespace Aegis.ModelSafety.Pickle;

/// <summary>
/// The pickle opcodes libtorch's unpickler (torch/csrc/jit/serialization/unpickler.cpp) accepts,
/// with how their argument is laid out. Every other opcode (STACK_GLOBAL, INST, OBJ, EXT*,
/// PERSID, BINBYTES, …) is outside what a TorchScript archive contains and is refused.
/// </summary>
internal enum PickleOpcode : byte
{
    Proto = 0x80,
    Stop = (byte)'.',
    Mark = (byte)'(',
    EmptyTuple = (byte)')',
    EmptyList = (byte)']',
    EmptyDict = (byte)'}',
    BinPut = (byte)'q',
    LongBinPut = (byte)'r',
    BinGet = (byte)'h',
    LongBinGet = (byte)'j',
    NewTrue = 0x88,
    NewFalse = 0x89,
    None = (byte)'N',
    BinInt1 = (byte)'K',
    BinInt2 = (byte)'M',
    BinInt = (byte)'J',
    Long1 = 0x8a,
    BinUnicode = (byte)'X',
    BinFloat = (byte)'G',
    Tuple = (byte)'t',
    Tuple1 = 0x85,
    Tuple2 = 0x86,
    Tuple3 = 0x87,
    Append = (byte)'a',
    Appends = (byte)'e',
    List = (byte)'l',
    Dict = (byte)'d',
    SetItem = (byte)'s',
    SetItems = (byte)'u',
    Global = (byte)'c',
    NewObj = 0x81,
    Build = (byte)'b',
    Reduce = (byte)'R',
    BinPersId = (byte)'Q',
}

internal static class PickleOpcodes
{
    private static readonly HashSet<byte> Known = Enum.GetValues<PickleOpcode>().Select(o => (byte)o).ToHashSet();

    public static bool IsAllowed(byte code) => Known.Contains(code);

    /// <summary>Python's name for opcodes an attacker typically reaches for, so a finding says what was found.</summary>
    public static string NameOf(byte code) => code switch
    {
        0x93 => "STACK_GLOBAL",
        (byte)'i' => "INST",
        (byte)'o' => "OBJ",
        (byte)'P' => "PERSID",
        0x82 or 0x83 or 0x84 => "EXT",
        (byte)'B' or (byte)'C' or 0x8e => "BINBYTES",
        0x8c => "SHORT_BINUNICODE",
        0x95 => "FRAME",
        0x94 => "MEMOIZE",
        0x92 => "NEWOBJ_EX",
        (byte)'S' or (byte)'T' or (byte)'U' => "STRING",
        _ => $"0x{code:x2}",
    };
}
