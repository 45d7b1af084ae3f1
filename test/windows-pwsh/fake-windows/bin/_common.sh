# Shared by the stand-in Windows programs: the scenario of the current test.
scenario() { grep -qx "$1" "${POSAUDIT_FAKE_STATE:-/nonexistent}/scenario" 2>/dev/null; }
