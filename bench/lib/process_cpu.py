#!/usr/bin/env python3
"""CPU seconds a local platform's processes spent between two moments, from /proc.

    process_cpu.py snapshot LAUNCHER_PID DATA_DIR FILE    records the platform's processes now
    process_cpu.py report BEFORE AFTER                    prints what each spent in between
    process_cpu.py settle LAUNCHER_PID DATA_DIR           waits until they are idle (at most 120 s)

The processes are the children of ./paved up's launcher, named by their working directory (a service
runs in MODULE/target/quarkus-app) or their command (prometheus), and the embedded PostgreSQL server
of the data directory (it runs detached from the launcher, `postgres -D DATA_DIR/postgres`). A
process counts what its live
threads spent plus what its children spent and were reaped (PostgreSQL's finished backends), plus
its live children's. The JIT compilers' threads (C1/C2 CompilerThread) are counted apart as well,
since a benchmark right after a start measures them too; a compiler thread that ended between the
two snapshots is counted in the total but no longer in that share.
"""
import json
import os
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def stat_fields(path):
    with open(path) as file:
        text = file.read()
    return text[text.rindex(")") + 2:].split()


def children(pid):
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as file:
                found += [int(child) for child in file.read().split()]
        except OSError:
            continue
    return found


def name_of(pid):
    try:
        cwd = os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        cwd = ""
    if cwd.endswith("/target/quarkus-app"):
        return cwd.split("/")[-3]
    with open(f"/proc/{pid}/comm") as file:
        return file.read().strip()


def own_ticks(pid):
    """The process's own time and that of its reaped children, and its compiler threads' time."""
    fields = stat_fields(f"/proc/{pid}/stat")
    total = sum(int(value) for value in fields[11:15])
    compilers = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as file:
                if not file.read().startswith(("C1 CompilerThre", "C2 CompilerThre")):
                    continue
            thread = stat_fields(f"/proc/{pid}/task/{task}/stat")
            compilers += int(thread[11]) + int(thread[12])
        except OSError:
            continue
    return total, compilers


def postmaster(data):
    wanted = ["-D", os.path.join(os.path.realpath(data), "postgres")]
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as file:
                arguments = file.read().decode(errors="replace").split("\0")
        except OSError:
            continue
        if any(arguments[i:i + 2] == wanted for i in range(len(arguments) - 1)):
            return [int(entry)]
    return []


def snapshot(launcher, data):
    processes = {}
    for pid in children(launcher) + postmaster(data):
        try:
            total, compilers = own_ticks(pid)
            for descendant in children(pid):
                total += sum(int(value) for value in stat_fields(f"/proc/{descendant}/stat")[11:13])
            processes[name_of(pid)] = {"total": total, "compilers": compilers}
        except (OSError, ValueError):
            continue
    return processes


def report(before, after):
    rows = []
    for name in sorted(after):
        if name not in before:
            continue
        total = (after[name]["total"] - before[name]["total"]) / TICKS
        compilers = (after[name]["compilers"] - before[name]["compilers"]) / TICKS
        rows.append((name, total, compilers))
    for name, total, compilers in rows:
        share = f" (JIT compilers {compilers:.2f} s)" if compilers > 0 else ""
        print(f"  {name:<24} {total:6.2f} s{share}")
    print(f"  {'all of them':<24} {sum(row[1] for row in rows):6.2f} s")


def total_ticks(processes):
    return sum(process["total"] for process in processes.values())


def settle(launcher, data, window=2.0, idle_share=0.05, timeout=120.0):
    """Waits until the processes together used under idle_share of one core over a window: the
    services keep compiling and settling for a while after they answer ready, and a measurement
    started then counts that too. Prints how long it waited; gives up (saying so) after timeout."""
    began = time.monotonic()
    before = total_ticks(snapshot(launcher, data))
    while True:
        time.sleep(window)
        now = total_ticks(snapshot(launcher, data))
        used = (now - before) / TICKS
        waited = time.monotonic() - began
        if used < idle_share * window:
            print(f"idle after {waited:.0f} s ({used:.2f} CPU-s in the last {window:.0f} s)")
            return
        if waited >= timeout:
            print(f"still busy after {waited:.0f} s ({used:.2f} CPU-s in the last {window:.0f} s); measuring anyway")
            return
        before = now


if __name__ == "__main__":
    if sys.argv[1] == "settle":
        settle(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1] == "snapshot":
        with open(sys.argv[4], "w") as out:
            json.dump(snapshot(int(sys.argv[2]), sys.argv[3]), out)
    else:
        with open(sys.argv[2]) as first, open(sys.argv[3]) as second:
            report(json.load(first), json.load(second))
