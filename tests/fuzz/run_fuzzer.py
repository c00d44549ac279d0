#!/usr/bin/env python3
"""Runs one libFuzzer target: first every committed regression input (each must pass), then
fuzzing for --seconds from the seed corpus, and prints what the run did.

  run_fuzzer.py --binary build-fuzz/tests/fuzz/fuzz_edits --seconds 25 \
      --seeds build-fuzz/tests/fuzz/seeds-short/fuzz_edits --work build-fuzz/tests/fuzz/work

Each target's input limit and dictionary are in TARGETS below; its regression inputs are in
regressions/<target>/ beside this script.

--corpus DIR keeps what the run finds in DIR (the long runs grow one corpus run after run); without
it the run starts from the seeds in a fresh folder, so that a short run costs the same every time.
libFuzzer's output goes to WORK/<target>.log as it runs. A crash leaves its input in
WORK/artifacts/<target>/; the run fails and says how to replay it. The
summary line gives the CPU time of the fuzzer process, the executions, the coverage (libFuzzer's
`cov` edges and `ft` features) and the corpus size.
"""
import argparse, os, pathlib, re, resource, shutil, subprocess, sys, tempfile, time

HERE = pathlib.Path(__file__).resolve().parent
# target: (libFuzzer -max_len, dictionary). The seeds of make_seeds.py stay below the limits.
TARGETS = {
    "fuzz_transport": (32768, "lsp.dict"),
    "fuzz_analysis": (16384, "python.dict"),
    "fuzz_edits": (8192, "python.dict"),
}


def cpu_seconds_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=pathlib.Path)
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--seeds", type=pathlib.Path, required=True)
    parser.add_argument("--work", type=pathlib.Path, required=True)
    parser.add_argument("--corpus", type=pathlib.Path)
    args = parser.parse_args()
    target = args.binary.name
    max_len, dictionary = TARGETS[target]
    args.regressions = HERE / "regressions" / target
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1:symbolize=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")

    regressions = sorted(p for p in args.regressions.glob("*") if p.is_file()) \
        if args.regressions.is_dir() else []
    if regressions:
        # The fuzzing run's timeout: a regression input may be a hang (nested tuples in a test
        # once took time exponential in their depth).
        replay = subprocess.run([str(args.binary), "-runs=1", "-timeout=25"] +
                                [str(p) for p in regressions],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if replay.returncode != 0:
            sys.stdout.write(replay.stdout.decode("utf-8", "replace")[-20000:])
            print(f"{target}: a regression input fails again (replayed {len(regressions)})")
            return 1
    print(f"{target}: {len(regressions)} regression inputs pass")
    if args.seconds <= 0:
        return 0

    artifacts = args.work / "artifacts" / target
    artifacts.mkdir(parents=True, exist_ok=True)
    fresh = None
    if args.corpus:
        corpus = args.corpus
        corpus.mkdir(parents=True, exist_ok=True)
    else:
        args.work.mkdir(parents=True, exist_ok=True)
        fresh = tempfile.mkdtemp(prefix=f"{target}-corpus-", dir=args.work)
        corpus = pathlib.Path(fresh)
    command = [str(args.binary), f"-max_total_time={args.seconds}", f"-max_len={max_len}",
               f"-dict={HERE / dictionary}", "-timeout=25", "-rss_limit_mb=3072",
               "-print_final_stats=1", "-reload=0", f"-artifact_prefix={artifacts}/"]
    command += [str(corpus), str(args.seeds)]
    if regressions:
        command.append(str(args.regressions))
    print(" ".join(command), flush=True)
    started = time.monotonic()
    cpu_before = cpu_seconds_of_children()
    log_path = args.work / f"{target}.log"
    with open(log_path, "wb") as log_file:
        run = subprocess.run(command, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    cpu = cpu_seconds_of_children() - cpu_before
    log = log_path.read_text(encoding="utf-8", errors="replace")
    wall = time.monotonic() - started
    if fresh:
        shutil.rmtree(fresh, ignore_errors=True)

    executions = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
    progress = re.findall(r"#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)", log)
    cov, ft, corp = (progress[-1][1], progress[-1][2], progress[-1][3]) if progress else ("?",) * 3
    extra = [line for line in log.splitlines() if line.startswith(target + ":")]
    for line in extra:
        print(line)
    print(f"{target}: {wall:.0f} s wall, {cpu:.1f} s CPU, "
          f"{executions[-1] if executions else '?'} executions, cov {cov}, ft {ft}, corpus {corp}")
    if run.returncode != 0:
        sys.stdout.write(log[-30000:])
        crashes = sorted(artifacts.glob("*"), key=lambda p: p.stat().st_mtime)
        if crashes:
            print(f"{target}: FAILED on {crashes[-1]}; replay with `{args.binary} {crashes[-1]}`, "
                  f"then fix it and commit the input to {args.regressions}/")
        else:
            print(f"{target}: FAILED (exit {run.returncode})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
