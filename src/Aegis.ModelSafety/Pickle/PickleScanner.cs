using System.Buffers.Binary;
using System.Text;
using Aegis.Core.Text;

namespace Aegis.ModelSafety.Pickle;

/// <summary>
/// Reads a pickle opcode by opcode without executing it. Every opcode must be one libtorch's
/// unpickler accepts and every GLOBAL must pass <see cref="PickleGlobalPolicy"/>. Alongside, a
/// small stack machine of inert values follows persistent ids and <c>_rebuild_tensor_v2</c>
/// calls, so each tensor's claimed extent can be checked against its storage, and records the
/// state every archive object is built with, so its attributes can be checked against their
/// declared types (<see cref="PickledObjectCheck"/>). The opcode and
/// global checks cover the whole pickle even when the stack machine gives up on malformed data.
/// </summary>
internal sealed class PickleScanner
{
    private const int MaxGlobalLine = 256;

    private readonly byte[] _bytes;
    private readonly string _location;
    private readonly FindingCollector _findings;
    private readonly Func<string, bool> _isArchiveClass;
    private readonly List<PickleValue> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, PickleValue> _memo = [];
    private readonly SortedSet<string> _globals = new(StringComparer.Ordinal);
    private readonly List<StorageValue> _storages = [];
    private readonly List<BuiltObject> _objects = [];
    private int _tensors;
    private int _position;
    private bool _simulating = true;

    private PickleScanner(byte[] bytes, string location, FindingCollector findings, Func<string, bool> isArchiveClass)
    {
        _bytes = bytes;
        _location = location;
        _findings = findings;
        _isArchiveClass = isArchiveClass;
    }

    /// <param name="location">The entry name, used in findings.</param>
    /// <param name="isArchiveClass">Whether a qualified class name is defined by the archive's code.</param>
    public static PickleScan Scan(byte[] bytes, string location, FindingCollector findings, Func<string, bool> isArchiveClass)
    {
        var scanner = new PickleScanner(bytes, location, findings, isArchiveClass);
        scanner.Run();
        return new PickleScan(scanner._globals.ToArray(), scanner._storages, scanner._tensors, scanner._objects);
    }

    private void Run()
    {
        // A pickle of another protocol is unreadable to libtorch, but its opcodes and globals are
        // still checked: a payload should be named as such, not only as "malformed".
        if (_bytes.Length < 2 || _bytes[0] != (byte)PickleOpcode.Proto || _bytes[1] != 2)
            Malformed("it does not start with PROTO 2, the only protocol libtorch reads", 0);
        _position = _bytes.Length >= 2 && _bytes[0] == (byte)PickleOpcode.Proto ? 2 : 0;
        while (_position < _bytes.Length)
        {
            int at = _position;
            byte code = _bytes[_position++];
            if (!PickleOpcodes.IsAllowed(code))
            {
                _findings.Unsafe("pickle-opcode", PickleOpcodes.NameOf(code), Where(at), $"pickle opcode {PickleOpcodes.NameOf(code)} is not one libtorch's unpickler accepts; a TorchScript archive never contains it");
                return;
            }
            if (!Step((PickleOpcode)code, at))
                return;
            if (code == (byte)PickleOpcode.Stop)
            {
                if (_simulating && _stack.Count != 1)
                    Malformed($"it stops with {_stack.Count} values on the stack instead of one");
                if (_position != _bytes.Length)
                    _findings.Unsafe("pickle-opcode", "STOP", Where(at), $"{_bytes.Length - _position} bytes follow the pickle's STOP");
                return;
            }
        }
        Malformed("it ends without STOP");
    }

    /// <summary>Decodes one opcode's argument and applies it; false when the pickle cannot be read further.</summary>
    private bool Step(PickleOpcode opcode, int at)
    {
        switch (opcode)
        {
            case PickleOpcode.Stop:
                return true;
            case PickleOpcode.Mark:
                _marks.Push(_stack.Count);
                return true;
            case PickleOpcode.EmptyTuple:
                Push(new TupleValue([]));
                return true;
            case PickleOpcode.EmptyList:
                Push(new ListValue([]));
                return true;
            case PickleOpcode.EmptyDict:
                Push(new DictValue([]));
                return true;
            case PickleOpcode.None:
                Push(PickleValue.None);
                return true;
            case PickleOpcode.NewTrue:
            case PickleOpcode.NewFalse:
                Push(PickleValue.Opaque);
                return true;
            case PickleOpcode.BinPut:
                return Take(1, out var putShort) && Put(putShort[0], at);
            case PickleOpcode.LongBinPut:
                return Take(4, out var putLong) && Put(BinaryPrimitives.ReadUInt32LittleEndian(putLong), at);
            case PickleOpcode.BinGet:
                return Take(1, out var getShort) && Get(getShort[0], at);
            case PickleOpcode.LongBinGet:
                return Take(4, out var getLong) && Get(BinaryPrimitives.ReadUInt32LittleEndian(getLong), at);
            case PickleOpcode.BinInt1:
                if (!Take(1, out var int1))
                    return false;
                Push(new IntValue(int1[0]));
                return true;
            case PickleOpcode.BinInt2:
                if (!Take(2, out var int2))
                    return false;
                Push(new IntValue(BinaryPrimitives.ReadUInt16LittleEndian(int2)));
                return true;
            case PickleOpcode.BinInt:
                if (!Take(4, out var int4))
                    return false;
                Push(new IntValue(BinaryPrimitives.ReadInt32LittleEndian(int4)));
                return true;
            case PickleOpcode.Long1:
                return Long1(at);
            case PickleOpcode.BinFloat:
                if (!Take(8, out _))
                    return false;
                Push(PickleValue.Opaque);
                return true;
            case PickleOpcode.BinUnicode:
                return Unicode(at);
            case PickleOpcode.Tuple:
                if (PopToMark(at) is { } tupleItems)
                    Push(new TupleValue(tupleItems));
                return true;
            case PickleOpcode.Tuple1:
            case PickleOpcode.Tuple2:
            case PickleOpcode.Tuple3:
                if (PopN(opcode - PickleOpcode.Tuple1 + 1, at) is { } small)
                    Push(new TupleValue(small));
                return true;
            case PickleOpcode.List:
                if (PopToMark(at) is { } listItems)
                    Push(new ListValue(listItems.ToList()));
                return true;
            case PickleOpcode.Append:
                if (PopN(1, at) is { } appended && Top(at) is ListValue target)
                    target.Items.Add(appended[0]);
                return true;
            case PickleOpcode.Appends:
                if (PopToMark(at) is { } items && Top(at) is ListValue list)
                    list.Items.AddRange(items);
                return true;
            case PickleOpcode.Dict:
                if (PopToMark(at) is { } dictItems)
                    Push(new DictValue(Pairs(dictItems, at)));
                return true;
            case PickleOpcode.SetItem:
                if (PopN(2, at) is { } pair && Top(at) is DictValue dict)
                    dict.Items.AddRange(Pairs(pair, at));
                return true;
            case PickleOpcode.SetItems:
                if (PopToMark(at) is { } pairs && Top(at) is DictValue filled)
                    filled.Items.AddRange(Pairs(pairs, at));
                return true;
            case PickleOpcode.Global:
                return Global(at);
            case PickleOpcode.NewObj:
                if (PopN(2, at) is { } newObj)
                    Push(newObj[0] is GlobalValue cls ? new ObjectValue(cls.Qualified) : PickleValue.Opaque);
                return true;
            case PickleOpcode.Build:
                if (PopN(1, at) is { } state && Top(at) is ObjectValue built)
                    _objects.Add(new BuiltObject(built.Class, state[0], at));
                return true;
            case PickleOpcode.Reduce:
                if (PopN(2, at) is { } call)
                    Push(Reduce(call[0], call[1], at));
                return true;
            case PickleOpcode.BinPersId:
                if (PopN(1, at) is { } pid)
                    Push(PersistentId(pid[0], at));
                return true;
            default:
                Malformed($"opcode {opcode} has no reader");
                return false;
        }
    }

    /// <summary>Keys and values, alternating, as SETITEMS and DICT take them.</summary>
    private List<KeyValuePair<PickleValue, PickleValue>> Pairs(PickleValue[] items, int at)
    {
        if (items.Length % 2 != 0)
            Malformed("a dictionary with a key but no value", at);
        return Enumerable.Range(0, items.Length / 2).Select(i => KeyValuePair.Create(items[2 * i], items[2 * i + 1])).ToList();
    }

    private bool Long1(int at)
    {
        if (!Take(1, out var length))
            return false;
        if (length[0] > 8)
        {
            Malformed($"a LONG1 of {length[0]} bytes (libtorch reads 8)", at);
            return false;
        }
        if (!Take(length[0], out var digits))
            return false;
        long value = 0;
        for (int i = digits.Length - 1; i >= 0; i--)
            value = (value << 8) | digits[i];
        if (digits.Length is > 0 and < 8 && (digits[^1] & 0x80) != 0)
            value -= 1L << (8 * digits.Length);
        Push(new IntValue(value));
        return true;
    }

    private bool Unicode(int at)
    {
        if (!Take(4, out var length))
            return false;
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(length);
        if (size > _bytes.Length - _position)
        {
            Malformed($"a string of {size} bytes runs past the end", at);
            return false;
        }
        Take((int)size, out var text);
        // Only short strings can matter (storage keys, type names); long ones stay opaque.
        Push(size <= 256 ? new StringValue(Encoding.UTF8.GetString(text)) : PickleValue.Opaque);
        return true;
    }

    private bool Global(int at)
    {
        if (ReadLine() is not { } module || ReadLine() is not { } name)
        {
            Malformed("a GLOBAL whose module or name is not a short line of text", at);
            return false;
        }
        string qualified = $"{module}.{name}";
        _globals.Add(qualified);
        if (PickleGlobalPolicy.Problem(module, name, _isArchiveClass) is { } problem)
            _findings.Unsafe("pickle-global", qualified, Where(at), $"pickle global {UntrustedText.QuoteAscii(qualified)}: {problem}");
        Push(new GlobalValue(module, name));
        return true;
    }

    private PickleValue PersistentId(PickleValue pid, int at)
    {
        if (pid is TupleValue { Items: [StringValue { Value: "storage" }, GlobalValue type, StringValue key, StringValue, IntValue numel] }
            && PickleGlobalPolicy.StorageElementSizes.TryGetValue(type.Name, out long size) && type.Module == "torch")
        {
            if (numel.Value < 0)
            {
                Malformed($"storage '{UntrustedText.QuoteAscii(key.Value)}' declares {numel.Value} elements", at);
                return PickleValue.Opaque;
            }
            var storage = new StorageValue(key.Value, type.Name, size, numel.Value, at);
            _storages.Add(storage);
            return storage;
        }
        Malformed("a persistent id that is not ('storage', torch.<Type>Storage, key, location, elements)", at);
        return PickleValue.Opaque;
    }

    private PickleValue Reduce(PickleValue callable, PickleValue arguments, int at)
    {
        if (callable is not GlobalValue global)
            return PickleValue.Opaque;
        if (global.Qualified == PickleGlobalPolicy.RebuildTensor)
        {
            _tensors++;
            if (arguments is TupleValue { Items: [StorageValue storage, IntValue offset, TupleValue sizes, TupleValue strides, ..] })
                CheckExtent(storage, offset.Value, sizes, strides, at);
            else
                Malformed("a tensor rebuild whose arguments are not (storage, offset, sizes, strides, …)", at);
            return PickleValue.Opaque;
        }
        if (global.Module == "torch.jit._pickle" && arguments is TupleValue { Items: [var first, ..] })
            return first;
        return global.Module.StartsWith("__torch__", StringComparison.Ordinal) ? new ObjectValue(global.Qualified) : PickleValue.Opaque;
    }

    /// <summary>The highest element a tensor view touches must lie inside its storage.</summary>
    private void CheckExtent(StorageValue storage, long offset, TupleValue sizes, TupleValue strides, int at)
    {
        if (sizes.Items.Count != strides.Items.Count || sizes.Items.Concat(strides.Items).Any(v => v is not IntValue { Value: >= 0 }) || offset < 0)
        {
            Malformed("a tensor whose sizes and strides are not matching lists of non-negative integers", at);
            return;
        }
        var dims = sizes.Items.Cast<IntValue>().Select(v => v.Value).ToArray();
        if (dims.Any(d => d == 0))
            return;
        Int128 last = offset;
        for (int i = 0; i < dims.Length; i++)
            last += (Int128)(dims[i] - 1) * ((IntValue)strides.Items[i]).Value;
        if (last >= storage.Elements)
            _findings.Unsafe("storage", storage.Key, Where(at), $"a tensor of shape [{string.Join(", ", dims)}] reaches element {last}, past the {storage.Elements} elements of storage '{UntrustedText.QuoteAscii(storage.Key)}'");
    }

    private void Push(PickleValue value)
    {
        if (_simulating)
            _stack.Add(value);
    }

    private PickleValue? Top(int at)
    {
        if (!_simulating)
            return null;
        if (_stack.Count == 0)
        {
            Malformed("an opcode needs a value but the stack is empty", at);
            return null;
        }
        return _stack[^1];
    }

    private PickleValue[]? PopN(int count, int at)
    {
        if (!_simulating)
            return null;
        int floor = _marks.Count > 0 ? _marks.Peek() : 0;
        if (_stack.Count - floor < count)
        {
            Malformed($"an opcode needs {count} values but the stack holds fewer", at);
            return null;
        }
        var items = _stack.GetRange(_stack.Count - count, count).ToArray();
        _stack.RemoveRange(_stack.Count - count, count);
        return items;
    }

    private PickleValue[]? PopToMark(int at)
    {
        if (!_simulating)
            return null;
        if (_marks.Count == 0 || _marks.Peek() > _stack.Count)
        {
            Malformed("an opcode needs a MARK but there is none", at);
            return null;
        }
        int mark = _marks.Pop();
        var items = _stack.GetRange(mark, _stack.Count - mark).ToArray();
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private bool Put(long index, int at)
    {
        if (Top(at) is { } top)
            _memo[index] = top;
        return true;
    }

    private bool Get(long index, int at)
    {
        if (!_simulating)
            return true;
        if (!_memo.TryGetValue(index, out var value))
        {
            Malformed($"memo slot {index} is read before it is written", at);
            return true;
        }
        Push(value);
        return true;
    }

    private bool Take(int count, out ReadOnlySpan<byte> bytes)
    {
        if (count > _bytes.Length - _position)
        {
            bytes = default;
            Malformed("it ends in the middle of an opcode");
            return false;
        }
        bytes = _bytes.AsSpan(_position, count);
        _position += count;
        return true;
    }

    private string? ReadLine()
    {
        int end = Array.IndexOf(_bytes, (byte)'\n', _position, Math.Min(MaxGlobalLine, _bytes.Length - _position));
        if (end < 0)
            return null;
        var text = Encoding.ASCII.GetString(_bytes, _position, end - _position);
        _position = end + 1;
        return text.All(c => c is > ' ' and <= '~') ? text : null;
    }

    private void Malformed(string what, int at = -1)
    {
        if (!_simulating)
            return;
        _simulating = false;
        _findings.Unreadable("pickle", "pickle", Where(at < 0 ? _position : at), $"the pickle is malformed: {what}");
    }

    private string Where(int at) => $"{_location}@{at}";
}
