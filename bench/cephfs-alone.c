/*
 * libcephfs alone: the load generator's CephFS workloads as the ceph_ll_* calls an NFS server
 * makes for them, from THREADS threads of one mount, without any NFS server in between. It
 * shows what the MDS, the OSD and libcephfs give on this cluster, so that an NFS server's row
 * can be read against the ceiling under it (bench/cephfs-alone.sh runs it; see there).
 *
 *   cephfs-alone WORKLOAD THREADS SECONDS [WARMUP_SECONDS]
 *
 * WORKLOAD (the NFS COMPOUNDs of bench/loadgen it stands for in parentheses):
 *   create     ceph_ll_create (unchecked) + ceph_ll_close + ceph_ll_unlink, each thread in its
 *              own directory                          (OPEN create + GETFH + GETATTR, CLOSE, REMOVE)
 *   rename     ceph_ll_rename of one file per thread back and forth in its own directory (RENAME)
 *   lock       ceph_ll_setlk write lock of the whole file, then unlock; one open file per thread
 *              (LOCK, LOCKU)
 *   openclose  ceph_ll_lookup + ceph_ll_open read-only + ceph_ll_close of files shared by all
 *              threads                                (OPEN + GETFH, CLOSE)
 *   readdir    ceph_ll_opendir + ceph_readdirplus_r to the end of a directory of ENTRIES (10000)
 *              entries shared by all threads, then again; counts the entries read while
 *              measuring; its latency is a whole listing's                   (READDIR pages)
 *   seqwrite   1 MiB ceph_ll_write, each thread over its own 8 MiB region of one file, with
 *              ceph_ll_fsync each time the region wraps; counts MB           (WRITE, COMMIT)
 *
 * Env: CEPH_CONF, CEPH_ID (client name without "client.", default admin), CEPH_KEYRING,
 * CEPH_ARGS; ENTRIES. Everything lives under
 * /cephfs-alone.PID, removed at the end. Prints one line:
 *   ALONE workload=W threads=T ops=N secs=S rate=R unit=U p50_ms=.. p99_ms=.. p999_ms=..
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64     /* libcephfs.h refuses a 32-bit off_t (readdir) */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <cephfs/libcephfs.h>

#define MIB (1 << 20)
#define REGION_CHUNKS 8
#define MAX_SAMPLES (1 << 21)

static struct ceph_mount_info *cm;
static UserPerm *perms;
static Inode *top;                 /* /cephfs-alone.PID */
static Inode *shared;              /* top/shared: openclose files, readdir entries, seqwrite file */
enum workload { CREATE, RENAME, LOCK, OPENCLOSE, READDIR, SEQWRITE };
static const char *const names[] = { "create", "rename", "lock", "openclose", "readdir", "seqwrite" };
static enum workload workload;
static int entries = 10000;
static volatile int measuring, stop;

struct worker {
	int id;
	pthread_t thread;
	Inode *dir;                    /* top/tN */
	long ops, units;
	uint32_t *lat_us;
	long samples;
	int failed;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void check(int r, const char *what)
{
	if (r < 0) {
		fprintf(stderr, "cephfs-alone: %s: %s\n", what, strerror(-r));
		exit(1);
	}
}

static Inode *mkdir_in(Inode *parent, const char *name)
{
	Inode *out;
	struct ceph_statx stx;
	check(ceph_ll_mkdir(cm, parent, name, 0755, &out, &stx, 0, 0, perms), name);
	return out;
}

static void create_file(Inode *dir, const char *name, Fh **keep)
{
	Inode *in;
	Fh *fh;
	struct ceph_statx stx;
	check(ceph_ll_create(cm, dir, name, 0644, O_RDWR | O_CREAT, &in, &fh, &stx, 0, 0, perms), name);
	if (keep) *keep = fh; else ceph_ll_close(cm, fh);
	ceph_ll_put(cm, in);
}

/* one operation of the workload; returns its units (files, locks, entries, bytes) or -errno */
static long one(struct worker *w, long n, Fh *fh, char *buf)
{
	char a[64], b[64];
	switch (workload) {
	case CREATE: {
		Inode *in;
		Fh *f;
		struct ceph_statx stx;
		snprintf(a, sizeof a, "n%ld", n);
		int r = ceph_ll_create(cm, w->dir, a, 0644, O_RDWR | O_CREAT, &in, &f, &stx,
				       CEPH_STATX_BASIC_STATS, 0, perms);
		if (r < 0) return r;
		ceph_ll_close(cm, f);
		ceph_ll_put(cm, in);
		r = ceph_ll_unlink(cm, w->dir, a, perms);
		return r < 0 ? r : 1;
	}
	case RENAME: {
		snprintf(a, sizeof a, "f%ld", n & 1);
		snprintf(b, sizeof b, "f%ld", (n + 1) & 1);
		int r = ceph_ll_rename(cm, w->dir, a, w->dir, b, perms);
		return r < 0 ? r : 1;
	}
	case LOCK: {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
		int r = ceph_ll_setlk(cm, fh, &fl, (uint64_t)w->id + 1, 1);
		if (r < 0) return r;
		fl.l_type = F_UNLCK;
		r = ceph_ll_setlk(cm, fh, &fl, (uint64_t)w->id + 1, 0);
		return r < 0 ? r : 1;
	}
	case OPENCLOSE: {
		Inode *in;
		Fh *f;
		struct ceph_statx stx;
		snprintf(a, sizeof a, "o%ld", (w->id * 7 + n) % 64);
		int r = ceph_ll_lookup(cm, shared, a, &in, &stx, CEPH_STATX_BASIC_STATS, 0, perms);
		if (r < 0) return r;
		r = ceph_ll_open(cm, in, O_RDONLY, &f, perms);
		if (r == 0) ceph_ll_close(cm, f);
		ceph_ll_put(cm, in);
		return r < 0 ? r : 1;
	}
	case READDIR: {                /* one whole listing */
		struct ceph_dir_result *d;
		struct dirent de;
		struct ceph_statx stx;
		Inode *in;
		int r = ceph_ll_opendir(cm, shared, &d, perms);
		if (r < 0) return r;
		while ((r = ceph_readdirplus_r(cm, d, &de, &stx, CEPH_STATX_BASIC_STATS, 0, &in)) == 1) {
			ceph_ll_put(cm, in);
			/* counted as they come: a listing can outlast the measured time */
			if (measuring && de.d_name[0] == 'e') w->units++;
		}
		ceph_ll_releasedir(cm, d);
		return r < 0 ? r : 0;
	}
	case SEQWRITE: {
		long chunk = n % REGION_CHUNKS;
		int64_t off = ((int64_t)w->id * REGION_CHUNKS + chunk) * MIB;
		int r = ceph_ll_write(cm, fh, off, MIB, buf);
		if (r < 0) return r;
		if (chunk == REGION_CHUNKS - 1 && (r = ceph_ll_fsync(cm, fh, 0)) < 0) return r;
		return MIB;
	}
	}
	return -EINVAL;
}

static void *run(void *arg)
{
	struct worker *w = arg;
	Fh *fh = NULL;
	char *buf = NULL;
	if (workload == LOCK) {
		create_file(w->dir, "lock", &fh);
	} else if (workload == RENAME) {
		create_file(w->dir, "f0", NULL);
	} else if (workload == SEQWRITE) {
		Inode *in;
		struct ceph_statx stx;
		check(ceph_ll_lookup(cm, shared, "seq", &in, &stx, 0, 0, perms), "seq");
		check(ceph_ll_open(cm, in, O_WRONLY, &fh, perms), "open seq");
		ceph_ll_put(cm, in);
		buf = malloc(MIB);
		memset(buf, 'x', MIB);
	}
	for (long n = 0; !stop; n++) {
		double t0 = now();
		long u = one(w, n, fh, buf);
		if (u < 0) {
			fprintf(stderr, "cephfs-alone: %s in thread %d: %s\n", names[workload], w->id, strerror((int)-u));
			w->failed = 1;
			break;
		}
		if (measuring) {
			w->ops++;
			w->units += u;
			if (w->samples < MAX_SAMPLES)
				w->lat_us[w->samples++] = (uint32_t)((now() - t0) * 1e6);
		}
	}
	if (fh) ceph_ll_close(cm, fh);
	free(buf);
	return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* removes the test tree (one level of directories below top) */
static void cleanup(int threads, const char *topname, Inode *root)
{
	char name[32];
	struct ceph_dir_result *d;
	struct dirent de;
	for (int t = -1; t < threads; t++) {
		if (t < 0) snprintf(name, sizeof name, "shared"); else snprintf(name, sizeof name, "t%d", t);
		Inode *dir;
		struct ceph_statx stx;
		if (ceph_ll_lookup(cm, top, name, &dir, &stx, 0, 0, perms) < 0) continue;
		if (ceph_ll_opendir(cm, dir, &d, perms) == 0) {
			while (ceph_readdir_r(cm, d, &de) == 1)
				if (strcmp(de.d_name, ".") && strcmp(de.d_name, ".."))
					ceph_ll_unlink(cm, dir, de.d_name, perms);
			ceph_ll_releasedir(cm, d);
		}
		ceph_ll_put(cm, dir);
		ceph_ll_rmdir(cm, top, name, perms);
	}
	ceph_ll_rmdir(cm, root, topname, perms);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: cephfs-alone create|rename|lock|openclose|readdir|seqwrite THREADS SECONDS [WARMUP_SECONDS]\n");
		return 2;
	}
	int threads = atoi(argv[2]);
	double secs = atof(argv[3]), warm = argc > 4 ? atof(argv[4]) : 1;
	int found = -1;
	for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
		if (!strcmp(argv[1], names[i])) found = i;
	if (found < 0 || threads < 1 || secs <= 0) {
		fprintf(stderr, "cephfs-alone: bad arguments (workload %s, threads %s, seconds %s)\n", argv[1], argv[2], argv[3]);
		return 2;
	}
	workload = (enum workload)found;
	if (getenv("ENTRIES")) entries = atoi(getenv("ENTRIES"));

	check(ceph_create(&cm, getenv("CEPH_ID")), "ceph_create");
	check(ceph_conf_read_file(cm, getenv("CEPH_CONF")), "read CEPH_CONF");
	if (getenv("CEPH_KEYRING")) check(ceph_conf_set(cm, "keyring", getenv("CEPH_KEYRING")), "keyring");
	check(ceph_conf_parse_env(cm, NULL), "CEPH_ARGS");
	check(ceph_mount(cm, "/"), "mount");
	perms = ceph_mount_perms(cm);
	Inode *root;
	check(ceph_ll_lookup_root(cm, &root), "root");
	char topname[64];
	snprintf(topname, sizeof topname, "cephfs-alone.%d", (int)getpid());
	top = mkdir_in(root, topname);
	shared = mkdir_in(top, "shared");
	char name[64];
	if (workload == OPENCLOSE)
		for (int i = 0; i < 64; i++) { snprintf(name, sizeof name, "o%d", i); create_file(shared, name, NULL); }
	if (workload == READDIR)
		for (int i = 0; i < entries; i++) { snprintf(name, sizeof name, "e%06d", i); create_file(shared, name, NULL); }
	if (workload == SEQWRITE) create_file(shared, "seq", NULL);

	struct worker *ws = calloc(threads, sizeof *ws);
	for (int t = 0; t < threads; t++) {
		ws[t].id = t;
		ws[t].lat_us = malloc(sizeof(uint32_t) * MAX_SAMPLES);
		snprintf(name, sizeof name, "t%d", t);
		ws[t].dir = mkdir_in(top, name);
		pthread_create(&ws[t].thread, NULL, run, &ws[t]);
	}
	usleep((useconds_t)(warm * 1e6));
	measuring = 1;
	double t0 = now();
	usleep((useconds_t)(secs * 1e6));
	measuring = 0;
	double dt = now() - t0;
	stop = 1;
	long ops = 0, units = 0, samples = 0;
	int failed = 0;
	for (int t = 0; t < threads; t++) {
		pthread_join(ws[t].thread, NULL);
		ops += ws[t].ops;
		units += ws[t].units;
		samples += ws[t].samples;
		failed |= ws[t].failed;
	}
	uint32_t *all = malloc(sizeof(uint32_t) * (samples ? samples : 1));
	long k = 0;
	for (int t = 0; t < threads; t++) {
		memcpy(all + k, ws[t].lat_us, sizeof(uint32_t) * ws[t].samples);
		k += ws[t].samples;
		ceph_ll_put(cm, ws[t].dir);
	}
	qsort(all, samples, sizeof *all, cmp_u32);
	const char *unit = workload == SEQWRITE ? "MB/s" : workload == READDIR ? "entries/s"
		: workload == LOCK ? "locks/s" : "files/s";
	double rate = workload == SEQWRITE ? units / 1e6 / dt : units / dt;
#define PCT(p) (samples ? all[(long)((samples - 1) * (p))] / 1000.0 : 0)
	printf("ALONE workload=%s threads=%d ops=%ld secs=%.2f rate=%.1f unit=%s p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f\n",
	       names[workload], threads, ops, dt, rate, unit, PCT(0.5), PCT(0.99), PCT(0.999));
	fflush(stdout);
	ceph_ll_put(cm, shared);
	cleanup(threads, topname, root);
	ceph_ll_put(cm, top);
	ceph_unmount(cm);
	ceph_release(cm);
	return failed;
}
