using System.Buffers.Binary;

namespace Aegis.Sandbox.Walls;

/// <summary>One condition on a system call's argument: <c>(argument &amp; Mask) == Value</c> on its low 32 bits.</summary>
/// <remarks>
/// The low half suffices for every argument the policy inspects: the kernel reads each of them as
/// a 32-bit int (pid_t, int option, int policy) or, for clone's flags, only their lower 32 bits.
/// </remarks>
internal readonly record struct ArgumentCondition(int Argument, uint Mask, uint Value)
{
    public static ArgumentCondition Is(int argument, uint value) => new(argument, uint.MaxValue, value);
}

/// <summary>
/// A seccomp filter as classic BPF (struct sock_filter, 8 bytes each), built from rules per system
/// call number: allow, allow when one of several argument conditions holds, or fail with an errno.
/// Calls from another ABI than x86_64's (i386 through int 0x80, x32) kill the process; a call no
/// rule names fails with <see cref="DefaultErrno"/>. Each rule's code returns, so no jump spans
/// more than one rule (classic BPF jumps reach 255 instructions), and a call whose rule needs no
/// argument is decided by its number alone, which lets the kernel cache it (Linux 5.11+).
/// </summary>
internal sealed class SeccompProgram
{
    private const ushort LoadWord = 0x20, JumpEqual = 0x15, JumpGreaterOrEqual = 0x35, AndConstant = 0x54, Return = 0x06;
    private const uint AuditArchX8664 = 0xC000003E;
    private const uint ReturnKillProcess = 0x80000000, ReturnErrno = 0x00050000, ReturnAllow = 0x7FFF0000;
    private const uint OffsetNumber = 0, OffsetArch = 4, OffsetArguments = 16;

    public const int Eperm = 1, Enosys = 38;
    private const int MaxInstructions = 4096;

    private readonly record struct Instruction(ushort Code, byte JumpTrue, byte JumpFalse, uint Constant);

    private readonly SortedDictionary<int, List<Instruction>> _rules = [];

    public int DefaultErrno { get; init; } = Eperm;

    public SeccompProgram Allow(params int[] calls)
    {
        foreach (var call in calls)
            Add(call, [new Instruction(Return, 0, 0, ReturnAllow)]);
        return this;
    }

    public SeccompProgram Fail(int call, int errno)
    {
        Add(call, [new Instruction(Return, 0, 0, ReturnErrno | (uint)errno)]);
        return this;
    }

    /// <summary>Allows <paramref name="call"/> when all conditions of any one alternative hold; otherwise EPERM.</summary>
    public SeccompProgram AllowWhen(int call, params ArgumentCondition[][] alternatives)
    {
        var body = new List<Instruction>();
        foreach (var alternative in alternatives)
        {
            // Each condition is a load, an optional mask and a compare; a failed compare skips the rest of this alternative.
            int remaining = alternative.Sum(c => c.Mask == uint.MaxValue ? 2 : 3) + 1;
            foreach (var condition in alternative)
            {
                if (condition.Argument is < 0 or > 5)
                    throw new ArgumentOutOfRangeException(nameof(alternatives), "System calls have arguments 0 to 5.");
                body.Add(new Instruction(LoadWord, 0, 0, OffsetArguments + 8 * (uint)condition.Argument));
                remaining--;
                if (condition.Mask != uint.MaxValue)
                {
                    body.Add(new Instruction(AndConstant, 0, 0, condition.Mask));
                    remaining--;
                }
                remaining--;
                body.Add(new Instruction(JumpEqual, 0, Jump(remaining), condition.Value));
            }
            body.Add(new Instruction(Return, 0, 0, ReturnAllow));
        }
        body.Add(new Instruction(Return, 0, 0, ReturnErrno | Eperm));
        Add(call, body);
        return this;
    }

    public bool Names(int call) => _rules.ContainsKey(call);

    /// <summary>The program as the kernel reads it (prctl/seccomp's struct sock_fprog, bubblewrap's --seccomp file).</summary>
    public byte[] ToBytes()
    {
        var program = new List<Instruction>
        {
            new(LoadWord, 0, 0, OffsetArch),
            new(JumpEqual, 1, 0, AuditArchX8664),
            new(Return, 0, 0, ReturnKillProcess),
            new(LoadWord, 0, 0, OffsetNumber),
            new(JumpGreaterOrEqual, 0, 1, X64Syscalls.X32Bit),
            new(Return, 0, 0, ReturnKillProcess),
        };
        foreach (var (call, body) in _rules)
        {
            program.Add(new Instruction(JumpEqual, 0, Jump(body.Count), (uint)call));
            program.AddRange(body);
        }
        program.Add(new Instruction(Return, 0, 0, ReturnErrno | (uint)DefaultErrno));
        if (program.Count > MaxInstructions)
            throw new InvalidOperationException("The seccomp program is longer than the kernel accepts (4096 instructions).");

        var bytes = new byte[program.Count * 8];
        for (int i = 0; i < program.Count; i++)
        {
            var span = bytes.AsSpan(i * 8, 8);
            BinaryPrimitives.WriteUInt16LittleEndian(span, program[i].Code);
            span[2] = program[i].JumpTrue;
            span[3] = program[i].JumpFalse;
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], program[i].Constant);
        }
        return bytes;
    }

    private void Add(int call, List<Instruction> body)
    {
        if (!_rules.TryAdd(call, body))
            throw new InvalidOperationException($"System call {call} has two rules.");
    }

    private static byte Jump(int distance) =>
        distance is >= 0 and <= byte.MaxValue ? (byte)distance : throw new InvalidOperationException("A seccomp rule is too long for a BPF jump.");
}
