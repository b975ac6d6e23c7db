#!/bin/sh
THP_MEM_ALLOC_ENABLE=1 exec '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java' "$@"
