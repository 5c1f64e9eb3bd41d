# The one place that pins the base kernel.  Override on the command line,
# e.g. `make LINUX_SOURCE_VERSION=6.1.193-1`, when Debian drops this version.
LINUX_SOURCE_VERSION := 6.1.192-2
