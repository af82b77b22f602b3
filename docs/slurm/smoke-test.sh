#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, and docs/slurm/sweep.sbatch run on it: a tiny experiment of 8 runs split
# into 9 shards (one more than it has runs, to show that an empty shard does nothing), one task resubmitted alone as
# the script's header says, then bfe report on the shared results folder. For developers; not part of CI.
#
# Needs root and Debian's slurm-wlm and munge (apt-get install --no-install-recommends slurm-wlm munge); starts munged,
# slurmctld and slurmd without systemd and stops them at the end. Run from the repository root:
#   sudo bash docs/slurm/smoke-test.sh
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "smoke-test: run as root (it starts munge and the Slurm daemons)" >&2; exit 2; }
for tool in munged slurmctld slurmd sbatch; do
  command -v "$tool" >/dev/null || { echo "smoke-test: $tool missing; apt-get install --no-install-recommends slurm-wlm munge" >&2; exit 2; }
done

repo=$(pwd)
work=$(mktemp -d /tmp/bfe-slurm.XXXXXX)
node=$(hostname -s)
cpus=$(nproc)
echo "smoke-test: working in $work"

cleanup() {
  pkill -f "slurmd -f $work" 2>/dev/null || true
  pkill -f "slurmctld -f $work" 2>/dev/null || true
  [ -f "$work/munged.pid" ] && kill "$(cat "$work/munged.pid")" 2>/dev/null || true
}
trap cleanup EXIT

# bfe for the compute "node" (the same machine): a Release build, called through BFE.
dotnet build "$repo/src/BayesFreeEnergy.Cli" -c Release -v quiet -nologo >/dev/null
export BFE="$repo/src/BayesFreeEnergy.Cli/bin/Release/net10.0/bfe"

# munge with a key of its own, in the work folder.
mkdir -p "$work/munge"
mungekey --create --keyfile "$work/munge/munge.key" --force
chmod 700 "$work/munge"
munged --key-file "$work/munge/munge.key" --socket "$work/munge/munge.socket" --pid-file "$work/munged.pid" \
  --log-file "$work/munge/munged.log" --seed-file "$work/munge/munged.seed" --force

mkdir -p "$work/state" "$work/spool" "$work/logs"
cat > "$work/slurm.conf" <<EOF
ClusterName=bfe-smoke
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$node CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$work/slurm.conf"
slurmd -f "$work/slurm.conf"
for _ in $(seq 30); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 1; done
sinfo

# The experiment: 8 runs, one per shard, and a ninth shard with none.
cd "$work"
cat > experiment.json <<'EOF'
{
  "name": "slurm smoke test",
  "teacher": { "architecture": "1-2-1", "seed": 3 },
  "noise": 0.1,
  "models": ["1-2-1", "1-3-1"],
  "sample_sizes": [50, 100],
  "data_seeds": [1, 2],
  "sampler": { "chains": 2, "warmup": 100, "draws": 100 },
  "ladder": { "rungs": 6 },
  "estimators": { "test_points": 500, "map_restarts": 2, "map_steps": 300 }
}
EOF
mkdir -p logs
EXPERIMENT=experiment.json SHARDS=9 sbatch --wait --cpus-per-task=1 --array=1-9 "$repo/docs/slurm/sweep.sbatch"
echo "smoke-test: $(ls results/runs | wc -l) of 8 runs after the array"

# Lose the first run (shard 1 of 9) and resubmit that task alone with the same SHARDS, as the script's header says.
rm results/runs/1-2-1_n50_s1.json
EXPERIMENT=experiment.json SHARDS=9 sbatch --wait --cpus-per-task=1 --array=1 "$repo/docs/slurm/sweep.sbatch"
finished=$(ls results/runs | wc -l)
echo "smoke-test: $finished of 8 runs after resubmitting task 1"
"$BFE" report results/ >/dev/null
[ "$finished" -eq 8 ] && [ -f results/report.html ] || { echo "smoke-test: FAILED (see $work/logs)" >&2; exit 1; }
echo "smoke-test: passed; logs in $work/logs"
