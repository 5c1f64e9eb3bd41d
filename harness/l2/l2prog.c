// SPDX-License-Identifier: GPL-2.0
/*
 * /init of make migrate's L2 guest: the guest that QEMU 10 migrates live
 * inside the vm-test guest.  Static, no libc beyond what gcc -static
 * brings, no busybox.
 *
 * It mounts proc, sysfs and devtmpfs; finds the dmalog PCI device in
 * sysfs by vendor:device id (l2_dev=VVVV:DDDD on the kernel command line
 * overrides the default); mmaps its BAR0 (resource0); maps, through
 * /dev/mem, the buffer the device writes: l2_buf_mib MiB of guest-physical
 * memory at l2_buf_pa that the kernel does not use (the harness reserves
 * it with memmap=), since the device's sequence writer needs one
 * contiguous range of IOVA, and with no vIOMMU an IOVA is a guest-physical
 * address.  It has the device keep writing its sequence into that buffer
 * (l2_seq_burst writes every 10 ms, default 1: slow enough that the
 * device, which goes on writing on the destination until the check stops
 * it, cannot go round its buffer and hide a stale page in the meantime)
 * while the CPU dirties memory of its own (l2_cpu_mib=, default 8 MiB);
 * says "l2: ready" and keeps going until it reads "check" on the second
 * serial port (ttyS1), or gets SIGUSR1; then stops the device and the CPU
 * writer and checks every page: "verified: N pages, M mismatches" and
 * "l2: done" on ttyS1.  Without a device (none found, or l2_dev=none) it
 * does the CPU part alone, which proves the migration of a plain guest.
 *
 * The device's register interface is in one place, the section "DEVICE"
 * below: dev_start(), dev_stop() and dev_page_ok().  Everything else is
 * device-independent.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL

static FILE *out;		/* ttyS1: what the harness reads */
static volatile sig_atomic_t check_requested;

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("l2: ", out);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
	fflush(out);
	va_end(ap);
}

static void die(const char *what)
{
	say("FAILED: %s: %s", what, strerror(errno));
	fflush(NULL);
	sleep(1);
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ */
/* The PCI device, found in sysfs.                                     */

struct pcidev {
	char path[320];		/* /sys/bus/pci/devices/0000:00:04.0 */
	volatile uint8_t *bar0;
	size_t bar0_len;
};

static unsigned long read_hex(const char *dir, const char *file)
{
	char p[512], buf[32] = "";
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	f = fopen(p, "r");
	if (!f)
		return ~0UL;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return strtoul(buf, NULL, 16);
}

static int find_pci(unsigned int vendor, unsigned int device, struct pcidev *d)
{
	const char *base = "/sys/bus/pci/devices";
	struct dirent *e;
	DIR *dir = opendir(base);
	int found = 0;

	if (!dir)
		die("opendir /sys/bus/pci/devices");
	while (!found && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(d->path, sizeof(d->path), "%s/%s", base, e->d_name);
		found = read_hex(d->path, "vendor") == vendor &&
			read_hex(d->path, "device") == device;
	}
	closedir(dir);
	return found;
}

/* Memory decoding and bus mastering on, in the command register. */
static void pci_enable(struct pcidev *d)
{
	char p[384];
	uint16_t cmd;
	int fd;

	snprintf(p, sizeof(p), "%s/config", d->path);
	fd = open(p, O_RDWR);
	if (fd < 0 || pread(fd, &cmd, 2, 4) != 2)
		die("read PCI command register");
	cmd |= 0x6;		/* PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER */
	if (pwrite(fd, &cmd, 2, 4) != 2)
		die("write PCI command register");
	close(fd);
}

static void map_bar0(struct pcidev *d)
{
	struct stat st;
	char p[384];
	int fd;

	snprintf(p, sizeof(p), "%s/resource0", d->path);
	fd = open(p, O_RDWR | O_SYNC);
	if (fd < 0)
		die(p);
	/* sysfs gives a BAR's file the size of the BAR. */
	if (fstat(fd, &st) || st.st_size <= 0)
		die("resource0 size");
	d->bar0_len = st.st_size;
	d->bar0 = mmap(NULL, d->bar0_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (d->bar0 == MAP_FAILED)
		die("mmap resource0");
	close(fd);
}

static inline uint32_t rd32(struct pcidev *d, size_t off)
{
	return *(volatile uint32_t *)(d->bar0 + off);
}

static inline void wr32(struct pcidev *d, size_t off, uint32_t v)
{
	*(volatile uint32_t *)(d->bar0 + off) = v;
}

static inline uint64_t rd64(struct pcidev *d, size_t off)
{
	return rd32(d, off) | (uint64_t)rd32(d, off + 4) << 32;
}

static inline void wr64(struct pcidev *d, size_t off, uint64_t v)
{
	wr32(d, off, (uint32_t)v);
	wr32(d, off + 4, v >> 32);
}

/* ------------------------------------------------------------------ */
/* The buffer the device writes: guest-physical memory the kernel does */
/* not use, mapped through /dev/mem.                                   */

struct dmabuf {
	volatile uint8_t *va;
	size_t npages;
	uint64_t pa;		/* guest-physical address of page 0 */
};

static void dmabuf_map(struct dmabuf *b, uint64_t pa, size_t npages)
{
	int fd = open("/dev/mem", O_RDWR | O_SYNC);
	size_t i;

	if (fd < 0)
		die("open /dev/mem");
	b->pa = pa;
	b->npages = npages;
	b->va = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		     fd, pa);
	if (b->va == MAP_FAILED)
		die("mmap /dev/mem at l2_buf_pa");
	close(fd);
	/* Pages the device has not written yet must read as zero. */
	for (i = 0; i < npages * PAGE; i += 8)
		*(volatile uint64_t *)(b->va + i) = 0;
}

/* ------------------------------------------------------------------ */
/* DEVICE: dmalog's sequence writer (samples/vfio-mdev/dmalog.c).  Write */
/* number n (from 1) stores { n, page } at the start of page            */
/* (n - 1) % SEQ_PAGES of the buffer, little endian.                    */

#ifndef DEV_VENDOR
#define DEV_VENDOR 0x1b36
#endif
#ifndef DEV_DEVICE
#define DEV_DEVICE 0x00d1
#endif
#define REG_SEQ_IOVA	0x40
#define REG_SEQ_PAGES	0x48
#define REG_SEQ_CTRL	0x50
#define REG_SEQ_NUM	0x60
#define REG_SEQ_STATUS	0x70
#define SEQ_RUN		0x1
#define SEQ_RESET	0x2
#define SEQ_BURST_SHIFT	8

struct devrun {
	uint64_t writes;	/* SEQ_NUM once stopped: the last write */
	int64_t status;		/* SEQ_STATUS: 0 or the errno of a failed write */
};

/* Have the device keep writing its sequence into the pages of b. */
static void dev_start(struct pcidev *d, struct dmabuf *b, unsigned int burst)
{
	wr64(d, REG_SEQ_CTRL, SEQ_RESET);
	wr64(d, REG_SEQ_IOVA, b->pa);
	wr64(d, REG_SEQ_PAGES, b->npages);
	wr64(d, REG_SEQ_CTRL, SEQ_RUN | (uint64_t)(burst - 1) << SEQ_BURST_SHIFT);
}

/*
 * Stop it.  The device makes its writes under the lock that the register
 * write takes, so none comes after this write returns.
 */
static struct devrun dev_stop(struct pcidev *d)
{
	struct devrun r;

	wr64(d, REG_SEQ_CTRL, 0);
	r.writes = rd64(d, REG_SEQ_NUM);
	r.status = (int64_t)rd64(d, REG_SEQ_STATUS);
	return r;
}

/* Does page i hold the latest write of the sequence to it, or none? */
static int dev_page_ok(const struct devrun *r, struct dmabuf *b, size_t i)
{
	const volatile uint64_t *rec = (const volatile uint64_t *)(b->va + i * PAGE);
	uint64_t n = 0;

	if (r->writes >= i + 1)
		n = i + 1 + (r->writes - (i + 1)) / b->npages * b->npages;
	return rec[0] == n && rec[1] == (n ? i : 0);
}

/* ------------------------------------------------------------------ */
/* The CPU's own dirtying: page i holds its generation gen[i] in every */
/* word (and its index); gen[] is in other pages, written after.       */

struct cpubuf {
	uint64_t *va;
	size_t npages;
	uint64_t *gen;
	size_t next;
};

static void cpu_write(struct cpubuf *c, size_t i)
{
	uint64_t g = c->gen[i] + 1;
	uint64_t *p = c->va + i * (PAGE / 8);
	size_t w;

	for (w = 0; w < PAGE / 8; w++)
		p[w] = (uint64_t)i << 40 ^ g ^ w;
	c->gen[i] = g;
}

/* The next pages, 7 apart (npages is no multiple of 7: one full cycle). */
static void cpu_dirty(struct cpubuf *c, size_t pages)
{
	while (pages--) {
		cpu_write(c, c->next);
		c->next = (c->next + 7) % c->npages;
	}
}

static int cpu_page_ok(struct cpubuf *c, size_t i)
{
	uint64_t *p = c->va + i * (PAGE / 8);
	size_t w;

	for (w = 0; w < PAGE / 8; w++)
		if (p[w] != ((uint64_t)i << 40 ^ c->gen[i] ^ w))
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ */

static const char *param(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v && *v ? v : dflt;
}

static void on_usr1(int sig)
{
	(void)sig;
	check_requested = 1;
}

/* "check" on ttyS1 (non-blocking; the line may come in pieces). */
static int poll_check(int fd)
{
	static char line[64];
	static size_t len;
	char c;

	while (read(fd, &c, 1) == 1) {
		if (c == '\n' || c == '\r') {
			line[len] = 0;
			len = 0;
			if (!strcmp(line, "check"))
				return 1;
		} else if (len < sizeof(line) - 1) {
			line[len++] = c;
		}
	}
	return check_requested;
}

int main(void)
{
	struct pcidev dev = { 0 };
	struct dmabuf buf = { 0 };
	struct cpubuf cpu = { 0 };
	struct devrun run = { 0 };
	unsigned int vendor = DEV_VENDOR, device = DEV_DEVICE;
	size_t buf_mib = strtoul(param("l2_buf_mib", "4"), NULL, 0);
	uint64_t buf_pa = strtoull(param("l2_buf_pa", "0"), NULL, 0);
	unsigned int burst = strtoul(param("l2_seq_burst", "1"), NULL, 0);
	size_t cpu_mib = strtoul(param("l2_cpu_mib", "8"), NULL, 0);
	const char *devid = param("l2_dev", "");
	int have_dev = 0, tty;
	size_t i, bad_dev = 0, bad_cpu = 0, rounds = 0;
	struct termios t;
	double t0;

	if (getpid() == 1) {
		mount("proc", "/proc", "proc", 0, NULL);
		mount("sysfs", "/sys", "sysfs", 0, NULL);
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	}
	tty = open("/dev/ttyS1", O_RDWR | O_NOCTTY | O_NONBLOCK);
	if (tty < 0)
		tty = open("/dev/console", O_RDWR | O_NOCTTY | O_NONBLOCK);
	if (tty >= 0 && !tcgetattr(tty, &t)) {
		cfmakeraw(&t);
		tcsetattr(tty, TCSANOW, &t);
	}
	out = tty >= 0 ? fdopen(dup(tty), "w") : stdout;
	signal(SIGUSR1, on_usr1);

	{
		struct timespec up;

		clock_gettime(CLOCK_BOOTTIME, &up);
		say("init at %.2f s of uptime", up.tv_sec + up.tv_nsec / 1e9);
	}
	if (strcmp(devid, "none")) {
		sscanf(devid, "%x:%x", &vendor, &device);
		have_dev = vendor && find_pci(vendor, device, &dev);
	}
	if (have_dev) {
		say("device %04x:%04x at %s", vendor, device, dev.path);
		pci_enable(&dev);
		map_bar0(&dev);
		if (!buf_pa || !buf_mib || !burst || burst > 256) {
			errno = EINVAL;
			die("l2_buf_pa, l2_buf_mib or l2_seq_burst");
		}
		dmabuf_map(&buf, buf_pa, buf_mib * 256);
		say("device buffer: %zu pages at 0x%llx, %u writes per 10 ms",
		    buf.npages, (unsigned long long)buf.pa, burst);
	} else {
		say("no device %04x:%04x: CPU writer only", vendor, device);
	}

	cpu.npages = cpu_mib * 256 + 1;
	if (cpu.npages % 7 == 0)
		cpu.npages++;
	cpu.va = mmap(NULL, cpu.npages * PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	cpu.gen = calloc(cpu.npages, sizeof(*cpu.gen));
	if (cpu.va == MAP_FAILED || !cpu.gen)
		die("CPU buffer");
	for (i = 0; i < cpu.npages; i++)	/* every page written once */
		cpu_write(&cpu, i);

	if (have_dev)
		dev_start(&dev, &buf, burst);
	say("ready: device %s, CPU writer on %zu pages", have_dev ? "writing" : "absent",
	    cpu.npages);
	t0 = now();
	while (!poll_check(tty)) {
		cpu_dirty(&cpu, 64);
		rounds++;
	}
	if (have_dev)
		run = dev_stop(&dev);
	say("check after %.1f s: CPU dirtied %zu pages, device wrote %llu times",
	    now() - t0, rounds * 64, (unsigned long long)run.writes);
	if (run.status) {
		say("device: a write failed with %lld", (long long)run.status);
		bad_dev++;
	}

	for (i = 0; have_dev && i < buf.npages; i++)
		if (!dev_page_ok(&run, &buf, i) && bad_dev++ < 10)
			say("device page %zu (pa 0x%llx) mismatch: holds %llu, page %llu",
			    i, (unsigned long long)(buf.pa + i * PAGE),
			    (unsigned long long)((volatile uint64_t *)(buf.va + i * PAGE))[0],
			    (unsigned long long)((volatile uint64_t *)(buf.va + i * PAGE))[1]);
	for (i = 0; i < cpu.npages; i++)
		if (!cpu_page_ok(&cpu, i) && bad_cpu++ < 10)
			say("CPU page %zu mismatch", i);
	say("device: %zu pages, %zu mismatches; CPU: %zu pages, %zu mismatches",
	    buf.npages, bad_dev, cpu.npages, bad_cpu);
	fprintf(out, "verified: %zu pages, %zu mismatches\n",
		buf.npages + cpu.npages, bad_dev + bad_cpu);
	say("done");
	fflush(NULL);
	/* The harness quits QEMU; stay alive (init must not exit). */
	for (;;)
		pause();
}
