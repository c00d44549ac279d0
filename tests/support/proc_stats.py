"""What /proc says about a process: its memory and CPU time, and the processes below it
(standard library only; Linux). Every function answers for a process that is gone too."""
import os

MEMORY_FIELDS = ("VmRSS", "VmHWM", "RssAnon", "RssFile")


def memory_kib(pid):
    """{"VmRSS", "VmHWM", "RssAnon", "RssFile"} of the process in KiB, empty once it is gone.
    VmHWM is the peak of VmRSS; RssFile the part mapped from files (code and read-only data such
    as the grammar's parse tables, paged in as parsing first reaches them)."""
    out = {}
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8", errors="replace") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in MEMORY_FIELDS:
                    out[name] = int(value.split()[0])
    except OSError:
        return {}
    return out


def rss_kib(pid):
    """The process's resident memory (VmRSS) in KiB, or None once it is gone."""
    return memory_kib(pid).get("VmRSS")


def cpu_seconds(pid):
    """User + system CPU time the process (all its threads) has used so far, or None once it is
    gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def descendants(pid):
    """pid and every process below it (a server may be a wrapper around node)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def tree_cpu_seconds(pid):
    """CPU time of the process and every process below it; one gone meanwhile counts 0."""
    return sum(cpu_seconds(p) or 0.0 for p in descendants(pid))


def add_memory_unchecked_argument(parser):
    """`--memory-unchecked`, for tests that hold a process's resident memory to a bound."""
    parser.add_argument("--memory-unchecked", action="store_true",
                        help="resident memory is reported but not held to its bound (sanitizer "
                             "builds: AddressSanitizer's quarantine and shadow memory are not the "
                             "server's)")
