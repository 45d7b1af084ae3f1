#!/bin/bash
# Stands in for what OpenSSH for Windows does with an exec request: cmd.exe /c "<command>".
# Only the part posaudit meets is imitated: cmd.exe's 8,191-character command-line limit, its answer
# to an unknown program, and starting powershell(.exe) with the arguments given. Before the product's
# -EncodedCommand runs, the thin fake-Windows layer (shim.ps1) is loaded into the same session.
# Usage (sshd ForceCommand): openssh-shell.sh STATE_DIR PWSH
set -f
state=$1
pwsh=$2
here=$(cd "$(dirname "$0")" && pwd)
cmd=${SSH_ORIGINAL_COMMAND-}
if [ "${#cmd}" -gt 8191 ]; then
  echo 'The command line is too long.' >&2
  exit 1
fi
set -- $cmd
prog=${1-}
case "${prog,,}" in
  powershell | powershell.exe | *\\windowspowershell\\v1.0\\powershell.exe) ;;
  *)
    echo "'$prog' is not recognized as an internal or external command," >&2
    echo 'operable program or batch file.' >&2
    exit 1
    ;;
esac
shift
args=()
code=''
while [ $# -gt 0 ]; do
  case "${1,,}" in
    -encodedcommand | -enc | -e)
      code=$(printf '%s' "${2-}" | base64 -d | iconv -f UTF-16LE -t UTF-8)
      shift 2
      ;;
    *)
      args+=("$1")
      shift
      ;;
  esac
done
prelude=". '$here/shim.ps1' '$state'"
encoded=$(printf '%s\n%s' "$prelude" "$code" | iconv -f UTF-8 -t UTF-16LE | base64 -w0)
export PATH="$here/bin:$PATH" POSAUDIT_FAKE_STATE="$state" COMPUTERNAME=POS-TEST-07 PROCESSOR_ARCHITECTURE=AMD64
if [ -z "${POSAUDIT_FAKE_NATIVE64-}" ] && grep -qx 'wow64=1' "$state/scenario" 2>/dev/null; then
  # A 32-bit OpenSSH on 64-bit Windows: a 32-bit PowerShell, whose registry view is redirected.
  export PROCESSOR_ARCHITECTURE=x86 PROCESSOR_ARCHITEW6432=AMD64 windir="$state/Windows"
fi
exec "$pwsh" "${args[@]}" -EncodedCommand "$encoded"
