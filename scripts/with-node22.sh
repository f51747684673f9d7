#!/usr/bin/env bash
# Runs a command with Node 22 first on PATH (npm scripts otherwise use the machine's Node).
source "$(dirname "$0")/node22.sh"
exec "$@"
