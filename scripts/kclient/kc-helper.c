/*
 * kc-helper: static multi-call helper for the kernel-client guest (busybox lacks these).
 * Built by scripts/kclient/build.sh with gcc -static; installed as /bin/kc-helper and,
 * as a link, /bin/flock.
 *
 *   kc-helper mount SRC DIR FSTYPE [OPTS]   raw mount(2); the kernel parses nfs4 text options
 *   kc-helper now                           CLOCK_MONOTONIC seconds (busybox has no sub-second clock)
 *   kc-helper try KIND FILE                 non-blocking exclusive lock attempt, released at once.
 *                                           exit 0 acquired, 1 conflict, 2 error
 *   kc-helper hold KIND FILE READY RELEASE  take an exclusive lock, create READY, wait until
 *                                           RELEASE exists (at most 120 s), unlock, exit 0
 *   kc-helper getlk FILE                    F_GETLK for a whole-file write lock: exit 0 if the
 *                                           file is unlocked, 1 if another owner holds a lock
 *   kc-helper smallfiles DIR N              create/stat/rename/unlink N files, list them 5 times,
 *                                           with plain syscalls; print the rates (no fork/exec)
 *   kc-helper v42 FILE                      fallocate, punch hole, SEEK_DATA, copy_file_range
 *                                           (NFSv4.2 ALLOCATE/DEALLOCATE/SEEK/COPY); data checked
 *   kc-helper appendsync FILE BS READY RELEASE
 *                                           truncate FILE, take a whole-file fcntl write lock and
 *                                           write blocks of BS bytes one after the other, each
 *                                           followed by fsync, until RELEASE exists (created
 *                                           READY after 4 blocks); stops at the first failed
 *                                           write or fsync. Prints "KCT appendsync blocks=N reads=0
 *                                           errors=E mismatches=0 max_stall_s=S blocks_after_stall=M ..." (S:
 *                                           the longest time between two completed write+fsync, M:
 *                                           the blocks written after it). exit 0 without errors
 *   kc-helper rollwork FILE BS READY RELEASE
 *                                           appendsync's writes (a whole-file fcntl write lock held
 *                                           for the whole run, blocks each followed by fsync) and,
 *                                           after every second block, a read of an earlier block
 *                                           through a second, O_DIRECT descriptor (from the server,
 *                                           not the page cache) checked against what was written,
 *                                           until RELEASE exists (at most 1200 s). Prints "KCT
 *                                           rollwork blocks=N reads=R errors=E mismatches=M
 *                                           max_stall_s=S ..." (S: the longest time between two
 *                                           completed operations). exit 0 without errors
 *   kc-helper checkblocks FILE BS N         FILE holds exactly the N blocks appendsync wrote
 *   kc-helper lockprobe FILE INTERVAL CAP READY MARK RELEASE
 *                                           open FILE read-write once, then every INTERVAL
 *                                           seconds a child process tries a non-blocking
 *                                           whole-file fcntl write lock on it (unlocked at once
 *                                           if it gets it), killed if it has not returned after
 *                                           CAP seconds; creates READY after the first attempt;
 *                                           until RELEASE exists (at most 600 s). A line per
 *                                           attempt: "KCT try n=N start=T end=T rc=R mark=0|1
 *                                           released=0|1" (T: CLOCK_MONOTONIC; rc 0 acquired,
 *                                           1 conflict, 2 error, 137 killed; mark, released:
 *                                           MARK, RELEASE existed after the attempt). exit 0
 *   flock [-s|-x] [-n] FILE [CMD ARGS...]   util-linux-like flock(1)
 * KIND is fcntl (POSIX, per process), ofd (per open file) or flock.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int usage(void)
{
	fputs("usage: kc-helper mount|now|try|hold|getlk|appendsync|rollwork|checkblocks|lockprobe|smallfiles|v42|xattr ... (see kc-helper.c)\n", stderr);
	return 2;
}

/* ---------------------------------------------------------------- locks */

static int is_conflict(int e) { return e == EAGAIN || e == EACCES || e == EWOULDBLOCK; }

/* exclusive whole-file lock; returns 0, or -1 with errno */
static int lock_ex(int fd, const char *kind, int wait)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	if (!strcmp(kind, "flock"))
		return flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
	if (!strcmp(kind, "fcntl"))
		return fcntl(fd, wait ? F_SETLKW : F_SETLK, &fl);
	if (!strcmp(kind, "ofd"))
		return fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
	errno = EINVAL;
	return -1;
}

static int unlock(int fd, const char *kind)
{
	struct flock fl = { .l_type = F_UNLCK, .l_whence = SEEK_SET };
	if (!strcmp(kind, "flock"))
		return flock(fd, LOCK_UN);
	return fcntl(fd, !strcmp(kind, "ofd") ? F_OFD_SETLK : F_SETLK, &fl);
}

static int do_try(int argc, char **argv)
{
	if (argc != 3) return usage();
	/* O_RDWR: the NFS client needs a writable open for exclusive locks (flock included,
	 * since it emulates flock() with whole-file POSIX locks) */
	int fd = open(argv[2], O_RDWR | O_CREAT, 0644);
	if (fd < 0) { perror(argv[2]); return 2; }
	if (lock_ex(fd, argv[1], 0) != 0) {
		if (is_conflict(errno)) { printf("try %s: conflict (%s)\n", argv[1], strerror(errno)); return 1; }
		perror("lock");
		return 2;
	}
	printf("try %s: acquired\n", argv[1]);
	if (unlock(fd, argv[1]) != 0) { perror("unlock"); return 2; }
	return 0;
}

static int do_hold(int argc, char **argv)
{
	if (argc != 5) return usage();
	int fd = open(argv[2], O_RDWR | O_CREAT, 0644);
	if (fd < 0) { perror(argv[2]); return 2; }
	if (lock_ex(fd, argv[1], 1) != 0) { perror("lock"); return 2; }
	int r = open(argv[3], O_WRONLY | O_CREAT, 0644);
	if (r < 0) { perror(argv[3]); return 2; }
	close(r);
	double deadline = now() + 120;
	while (access(argv[4], F_OK) != 0) {
		if (now() > deadline) { fprintf(stderr, "hold: %s never appeared\n", argv[4]); return 2; }
		usleep(50000);
	}
	if (unlock(fd, argv[1]) != 0) { perror("unlock"); return 2; }
	close(fd);
	return 0;
}

/* block n of appendsync: every 8-byte word tells its block and position */
static void fill_block(unsigned long long *w, size_t words, long n)
{
	for (size_t i = 0; i < words; i++)
		w[i] = ((unsigned long long)n << 32) ^ i ^ 0x9e3779b97f4a7c15ULL;
}

/*
 * appendsync and rollwork: truncate FILE, take a whole-file fcntl write lock for the whole run and
 * append BS-byte blocks, each followed by fsync; with READ_EVERY > 0, after every READ_EVERY-th
 * block read an earlier block back through an O_DIRECT descriptor (from the server, not the page
 * cache) and check it. READY once 4 blocks are written; until RELEASE exists (at most CAP s).
 */
static int append_loop(const char *name, char **argv, int read_every, double cap)
{
	long bs = atol(argv[2]);
	long align = read_every ? 4096 : 8;
	if (bs <= 0 || bs % align) { fprintf(stderr, "%s: BS must be a positive multiple of %ld\n", name, align); return 2; }
	int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) { perror(argv[1]); return 2; }
	if (lock_ex(fd, "fcntl", 1) != 0) { perror("lock"); return 2; }
	int dfd = -1;
	if (read_every && (dfd = open(argv[1], O_RDONLY | O_DIRECT)) < 0) { perror("open O_DIRECT"); return 2; }
	unsigned long long *buf, *want, *got;
	if (posix_memalign((void **)&buf, 4096, bs) || posix_memalign((void **)&want, 4096, bs)
	    || posix_memalign((void **)&got, 4096, bs)) { fprintf(stderr, "%s: out of memory\n", name); return 2; }
	long n = 0, reads = 0, errors = 0, mismatches = 0, at_gap_end = 0;
	double start = now(), last = start, max_gap = 0, gap_end = 0;
	int ready = 0;
	unsigned int seed = (unsigned int)getpid();
	for (;;) {
		fill_block(buf, bs / 8, n);
		ssize_t w = pwrite(fd, buf, bs, (off_t)n * bs);
		if (w != bs) {
			errors++;
			printf("KCT %s write of block %ld failed: %s\n", name, n, w < 0 ? strerror(errno) : "short write");
			break;
		}
		if (fsync(fd) != 0) {
			errors++;
			printf("KCT %s fsync after block %ld failed: %s\n", name, n, strerror(errno));
			break;
		}
		double t = now();
		if (t - last > max_gap) { max_gap = t - last; gap_end = t - start; at_gap_end = n; }
		last = t;
		n++;
		if (read_every && n % read_every == 0) {
			long k = rand_r(&seed) % n;
			ssize_t r = pread(dfd, got, bs, (off_t)k * bs);
			if (r != bs) {
				errors++;
				printf("KCT %s read of block %ld failed: %s\n", name, k, r < 0 ? strerror(errno) : "short read");
				break;
			}
			fill_block(want, bs / 8, k);
			if (memcmp(want, got, bs)) {
				mismatches++;
				printf("KCT %s block %ld read back differs\n", name, k);
			}
			reads++;
			t = now();
			if (t - last > max_gap) { max_gap = t - last; gap_end = t - start; at_gap_end = n; }
			last = t;
		}
		if (!ready && n >= 4) {
			int r = open(argv[3], O_WRONLY | O_CREAT, 0644);
			if (r < 0) { perror(argv[3]); return 2; }
			close(r);
			ready = 1;
		}
		if (ready && access(argv[4], F_OK) == 0) break;
		if (t - start > cap) { errors++; printf("KCT %s %s never appeared\n", name, argv[4]); break; }
		usleep(read_every ? 20000 : 10000);
	}
	if (dfd >= 0) close(dfd);
	if (unlock(fd, "fcntl") != 0) { perror("unlock"); errors++; }
	if (close(fd) != 0) { perror("close"); errors++; }
	printf("KCT %s blocks=%ld reads=%ld errors=%ld mismatches=%ld max_stall_s=%.2f stall_ends_at_s=%.2f"
	       " blocks_after_stall=%ld run_s=%.2f\n", name, n, reads, errors, mismatches, max_gap, gap_end, n - at_gap_end,
	       last - start);
	return errors || mismatches ? 1 : 0;
}

static int do_appendsync(int argc, char **argv)
{
	if (argc != 5) return usage();
	return append_loop("appendsync", argv, 0, 600);
}

/* appendsync with checked reads from the server in between: what a rolling restart must not disturb */
static int do_rollwork(int argc, char **argv)
{
	if (argc != 5) return usage();
	return append_loop("rollwork", argv, 2, 1200);
}

static int do_checkblocks(int argc, char **argv)
{
	if (argc != 4) return usage();
	long bs = atol(argv[2]), n = atol(argv[3]);
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) { perror(argv[1]); return 2; }
	struct stat st;
	if (fstat(fd, &st) != 0) { perror("fstat"); return 2; }
	if (st.st_size != (off_t)n * bs) {
		printf("checkblocks: size %lld, want %lld\n", (long long)st.st_size, (long long)n * bs);
		return 1;
	}
	unsigned long long *want = malloc(bs), *got = malloc(bs);
	for (long i = 0; i < n; i++) {
		fill_block(want, bs / 8, i);
		ssize_t r = pread(fd, got, bs, (off_t)i * bs);
		if (r != bs) { printf("checkblocks: block %ld: short read\n", i); return 1; }
		if (memcmp(want, got, bs)) { printf("checkblocks: block %ld differs\n", i); return 1; }
	}
	printf("checkblocks: %ld blocks intact\n", n);
	return 0;
}

/* Only the child takes the lock: it is its own POSIX lock owner on the open file it inherited
 * (no OPEN per attempt), and killing it ends an attempt the kernel is still retrying (it retries
 * NFS4ERR_GRACE inside F_SETLK, backing off up to 15 s) without disturbing the next one. */
static int do_lockprobe(int argc, char **argv)
{
	if (argc != 7) return usage();
	double interval = atof(argv[2]), cap = atof(argv[3]);
	if (interval <= 0 || cap <= 0) { fputs("lockprobe: INTERVAL and CAP must be positive\n", stderr); return 2; }
	int fd = open(argv[1], O_RDWR);
	if (fd < 0) { perror(argv[1]); return 2; }
	double deadline = now() + 600;
	for (long n = 0;; n++) {
		double t0 = now();
		pid_t p = fork();
		if (p < 0) { perror("fork"); return 2; }
		if (p == 0) {
			if (lock_ex(fd, "fcntl", 0) == 0) _exit(unlock(fd, "fcntl") == 0 ? 0 : 2);
			_exit(is_conflict(errno) ? 1 : 2);
		}
		int st = 0;
		pid_t w;
		while ((w = waitpid(p, &st, WNOHANG)) == 0) {
			if (now() - t0 >= cap) {
				kill(p, SIGKILL);
				w = waitpid(p, &st, 0);
				break;
			}
			usleep(5000);
		}
		if (w != p) { perror("waitpid"); return 2; }
		double t1 = now();
		int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		int mark = access(argv[5], F_OK) == 0, released = access(argv[6], F_OK) == 0;
		printf("KCT try n=%ld start=%.3f end=%.3f rc=%d mark=%d released=%d\n", n, t0, t1, rc, mark, released);
		fflush(stdout);
		if (n == 0) {
			int r = open(argv[4], O_WRONLY | O_CREAT, 0644);
			if (r < 0) { perror(argv[4]); return 2; }
			close(r);
		}
		if (released) break;
		if (t1 > deadline) { printf("KCT lockprobe: %s never appeared\n", argv[6]); return 2; }
		usleep((useconds_t)(interval * 1e6));
	}
	close(fd);
	return 0;
}

static int do_getlk(int argc, char **argv)
{
	if (argc != 2) return usage();
	int fd = open(argv[1], O_RDWR);
	if (fd < 0) { perror(argv[1]); return 2; }
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	if (fcntl(fd, F_GETLK, &fl) != 0) { perror("F_GETLK"); return 2; }
	if (fl.l_type == F_UNLCK) { puts("getlk: unlocked"); return 0; }
	printf("getlk: locked type=%s pid=%d start=%lld len=%lld\n", fl.l_type == F_WRLCK ? "write" : "read",
	       (int)fl.l_pid, (long long)fl.l_start, (long long)fl.l_len);
	return 1;
}

static int do_flock(int argc, char **argv)
{
	int op = LOCK_EX, nb = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-s")) op = LOCK_SH;
		else if (!strcmp(argv[i], "-x")) op = LOCK_EX;
		else if (!strcmp(argv[i], "-n")) nb = LOCK_NB;
		else { fprintf(stderr, "flock: unknown option %s\n", argv[i]); return 64; }
	}
	if (i >= argc) { fputs("usage: flock [-s|-x] [-n] FILE [CMD ARGS...]\n", stderr); return 64; }
	const char *path = argv[i++];
	int fd = open(path, (op == LOCK_EX ? O_RDWR : O_RDONLY) | O_CREAT | O_NOCTTY, 0644);
	if (fd < 0) { fprintf(stderr, "flock: %s: %s\n", path, strerror(errno)); return 66; }
	if (flock(fd, op | nb) != 0) {
		if (errno != EWOULDBLOCK) fprintf(stderr, "flock: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (i >= argc) return 0;
	pid_t p = fork();
	if (p < 0) { perror("fork"); return 71; }
	if (p == 0) {
		close(fd);              /* the lock stays with the parent's open file */
		execvp(argv[i], argv + i);
		fprintf(stderr, "flock: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	int st;
	waitpid(p, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ---------------------------------------------------------------- small files */

#define LISTINGS 5

static void rate(const char *what, int n, double t0)
{
	double dt = now() - t0;
	printf("smallfiles_%s=%d smallfiles_%s_s=%.3f smallfiles_%s_per_s=%.1f\n",
	       what, n, what, dt, what, dt > 0 ? n / dt : 0);
	fflush(stdout);
}

static void drop_caches(void)
{
	sync();
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd >= 0) { if (write(fd, "3", 1) != 1) perror("drop_caches"); close(fd); }
}

static int do_smallfiles(int argc, char **argv)
{
	if (argc != 3) return usage();
	const char *dir = argv[1];
	int n = atoi(argv[2]);
	char a[4096], b[4096];
	static const char body[100] = "smallfile";
	if (mkdir(dir, 0755) != 0) { perror(dir); return 1; }
	double t0 = now();
	for (int i = 0; i < n; i++) {
		snprintf(a, sizeof a, "%s/f%06d", dir, i);
		int fd = open(a, O_WRONLY | O_CREAT | O_TRUNC, 0644);   /* like cp or a shell redirect */
		if (fd < 0 || write(fd, body, sizeof body) != sizeof body || close(fd) != 0) { perror(a); return 1; }
	}
	rate("create", n, t0);
	drop_caches();          /* stat must ask the server */
	t0 = now();
	for (int i = 0; i < n; i++) {
		struct stat st;
		snprintf(a, sizeof a, "%s/f%06d", dir, i);
		if (stat(a, &st) != 0 || st.st_size != sizeof body) { fprintf(stderr, "stat %s: bad\n", a); return 1; }
	}
	rate("stat", n, t0);
	t0 = now();
	for (int i = 0; i < n; i++) {
		snprintf(a, sizeof a, "%s/f%06d", dir, i);
		snprintf(b, sizeof b, "%s/g%06d", dir, i);
		if (rename(a, b) != 0) { perror(a); return 1; }
	}
	rate("rename", n, t0);
	/* One listing of N entries takes ~0.1 s in the emulated guest, about the size of the guest's
	 * own jitter: list it LISTINGS times, each from the server (caches dropped, not timed), and
	 * time only the listings. */
	double listing = 0;
	int cnt = 0;
	for (int l = 0; l < LISTINGS; l++) {
		drop_caches();
		t0 = now();
		DIR *d = opendir(dir);
		struct dirent *de;
		int seen = 0;
		while (d && (de = readdir(d)))
			seen += de->d_name[0] == 'g';
		if (d) closedir(d);
		listing += now() - t0;
		if (seen != n) { fprintf(stderr, "readdir saw %d of %d entries\n", seen, n); return 1; }
		cnt += seen;
	}
	rate("readdir", cnt, now() - listing);
	t0 = now();
	for (int i = 0; i < n; i++) {
		snprintf(b, sizeof b, "%s/g%06d", dir, i);
		if (unlink(b) != 0) { perror(b); return 1; }
	}
	rate("unlink", n, t0);
	return rmdir(dir) == 0 ? 0 : (perror(dir), 1);
}

/* ---------------------------------------------------------------- NFSv4.2 syscalls */

/* Prints what the client did; fails only when data read back is wrong, because a 4.1 mount
 * or a server without these operations legitimately answers EOPNOTSUPP / falls back. */
static int do_v42(int argc, char **argv)
{
	if (argc != 2) return usage();
	const off_t M = 1 << 20;
	char buf[4096], got[4096], cpath[4096];
	int bad = 0;
	snprintf(cpath, sizeof cpath, "%s.copy", argv[1]);
	int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) { perror(argv[1]); return 2; }

	int r = fallocate(fd, 0, 0, M);                 /* ALLOCATE; no zero-writing fallback */
	printf("v42_fallocate=%s\n", r ? strerror(errno) : "ok");
	if (ftruncate(fd, 0) != 0) { perror("ftruncate"); return 2; }
	memset(buf, 'A', sizeof buf);
	if (pwrite(fd, buf, sizeof buf, 2 * M) != (ssize_t)sizeof buf || fsync(fd)) { perror("pwrite"); return 2; }
	off_t data = lseek(fd, 0, SEEK_DATA);           /* SEEK */
	printf("v42_seek_data=%lld\n", (long long)data);
	if (data != 0 && data != 2 * M) { printf("v42: SEEK_DATA %lld is neither 0 nor 2 MiB\n", (long long)data); bad++; }

	r = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 2 * M, sizeof buf); /* DEALLOCATE */
	printf("v42_punch_hole=%s\n", r ? strerror(errno) : "ok");
	if (r == 0) {
		if (pread(fd, got, sizeof got, 2 * M) != (ssize_t)sizeof got) { perror("pread"); return 2; }
		for (size_t i = 0; i < sizeof got; i++)
			if (got[i]) { puts("v42: punched range does not read back as zeros"); bad++; break; }
		if (pwrite(fd, buf, sizeof buf, 2 * M) != (ssize_t)sizeof buf || fsync(fd)) { perror("pwrite"); return 2; }
	}

	int out = open(cpath, O_RDWR | O_CREAT | O_TRUNC, 0644);   /* COPY (or splice fallback) */
	if (out < 0) { perror(cpath); return 2; }
	loff_t in_off = 0, out_off = 0;
	size_t want = 2 * M + sizeof buf, done = 0;
	while (done < want) {
		ssize_t n = copy_file_range(fd, &in_off, out, &out_off, want - done, 0);
		if (n <= 0) { printf("v42_copy_error=%s\n", n ? strerror(errno) : "short"); bad++; break; }
		done += n;
	}
	if (pread(out, got, sizeof got, 2 * M) != (ssize_t)sizeof got || memcmp(buf, got, sizeof got)) {
		puts("v42: copy_file_range result differs from the source");
		bad++;
	}
	printf("v42_copy_bytes=%zu\n", done);
	close(out);
	unlink(cpath);
	close(fd);
	return bad ? 1 : 0;
}

/* ---------------------------------------------------------------- extended attributes (RFC 8276) */

/* "kc-helper xattr FILE": the user-namespace xattr calls on an NFS file. Prints
 * xattr_set=ok or the error of the first setxattr (EOPNOTSUPP on a 4.1 mount); when it worked,
 * checks get, list, XATTR_CREATE on an existing name (EEXIST), remove, get of a removed one
 * (ENODATA), and leaves user.cephgw.kept = "kept-by-kclient" for the host to find. Exit: the
 * number of wrong answers. */
static int do_xattr(int argc, char **argv)
{
	if (argc != 2) return usage();
	const char *f = argv[1];
	const char *v = "kernel-client";
	char got[256], list[4096];
	int bad = 0;
	if (setxattr(f, "user.cephgw.probe", v, strlen(v), XATTR_CREATE) != 0) {
		printf("xattr_set=%s\n", strerror(errno));
		return 0;
	}
	puts("xattr_set=ok");
	ssize_t n = getxattr(f, "user.cephgw.probe", got, sizeof got);
	if (n != (ssize_t)strlen(v) || memcmp(got, v, n)) { puts("xattr: get does not return the value set"); bad++; }
	n = listxattr(f, list, sizeof list);
	int listed = 0;
	for (ssize_t i = 0; i < n; i += strlen(list + i) + 1)
		if (!strcmp(list + i, "user.cephgw.probe")) listed = 1;
	if (!listed) { puts("xattr: list does not name user.cephgw.probe"); bad++; }
	if (setxattr(f, "user.cephgw.probe", "x", 1, XATTR_CREATE) == 0 || errno != EEXIST) {
		printf("xattr: XATTR_CREATE on an existing name: %s, not EEXIST\n", strerror(errno)); bad++;
	}
	if (removexattr(f, "user.cephgw.probe") != 0) { perror("removexattr"); bad++; }
	if (getxattr(f, "user.cephgw.probe", got, sizeof got) >= 0 || errno != ENODATA) {
		printf("xattr: get after remove: %s, not ENODATA\n", strerror(errno)); bad++;
	}
	const char *kept = "kept-by-kclient";
	if (setxattr(f, "user.cephgw.kept", kept, strlen(kept), 0) != 0) { perror("setxattr kept"); bad++; }
	printf("xattr_checks_failed=%d\n", bad);
	return bad;
}

int main(int argc, char **argv)
{
	if (!strcmp(basename(argv[0]), "flock")) return do_flock(argc, argv);
	if (argc < 2) return usage();
	const char *cmd = argv[1];
	argc--, argv++;
	if (!strcmp(cmd, "mount")) {
		if (argc < 4) return usage();
		if (mount(argv[1], argv[2], argv[3], 0, argc > 4 ? argv[4] : NULL) == 0) return 0;
		fprintf(stderr, "mount %s on %s: %s\n", argv[1], argv[2], strerror(errno));
		return 1;
	}
	if (!strcmp(cmd, "now")) { printf("%.6f\n", now()); return 0; }
	if (!strcmp(cmd, "try")) return do_try(argc, argv);
	if (!strcmp(cmd, "hold")) return do_hold(argc, argv);
	if (!strcmp(cmd, "getlk")) return do_getlk(argc, argv);
	if (!strcmp(cmd, "appendsync")) return do_appendsync(argc, argv);
	if (!strcmp(cmd, "checkblocks")) return do_checkblocks(argc, argv);
	if (!strcmp(cmd, "rollwork")) return do_rollwork(argc, argv);
	if (!strcmp(cmd, "lockprobe")) return do_lockprobe(argc, argv);
	if (!strcmp(cmd, "flock")) return do_flock(argc, argv);
	if (!strcmp(cmd, "smallfiles")) return do_smallfiles(argc, argv);
	if (!strcmp(cmd, "v42")) return do_v42(argc, argv);
	if (!strcmp(cmd, "xattr")) return do_xattr(argc, argv);
	return usage();
}
