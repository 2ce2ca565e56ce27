namespace Aegis.Sandbox;

/// <summary>Resident memory of a process and all its descendants, from /proc (bubblewrap puts two processes above the sandbox).</summary>
internal static class ProcessTree
{
    public static long ResidentBytes(int root)
    {
        long total = 0;
        var pending = new Stack<int>([root]);
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            int pid = pending.Pop();
            if (!seen.Add(pid))
                continue;
            total += Resident(pid);
            foreach (var child in Children(pid))
                pending.Push(child);
        }
        return total;
    }

    private static long Resident(int pid)
    {
        try
        {
            // statm: size resident shared text lib data dt, in pages.
            var fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(fields[1]) * Environment.SystemPageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0; // exited meanwhile
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var field in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(field, out int child))
                    yield return child;
            }
        }
    }
}
