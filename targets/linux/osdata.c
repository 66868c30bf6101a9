/* qXfer:osdata:read: tables of the whole system read from /proc (processes, threads, files,
 * cpus, ...), formatted as gdbserver formats them so `info os TYPE` looks the same. Needs no
 * debugged process and uses no ptrace; no protocol knowledge (a document, sliced by the caller).
 * Spec: GDB manual, "General Query Packets" > qXfer:osdata:read, and "Operating System
 * Information"; layout of each table as GNU gdbserver 13 sends it. */
#include "targets/linux/linux.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define OSD_NAMESIZE 32 /* utmp's UT_NAMESIZE: user and group names are cut to 31 bytes */

/* "<column name=\"NAME\">VALUE</column>" with VALUE escaped. */
static void osd_col(struct linux_doc *d, const char *name, const char *value)
{
    linux_doc_printf(d, "<column name=\"%s\">", name);
    linux_doc_escaped(d, value);
    linux_doc_printf(d, "</column>");
}

static void osd_col_ll(struct linux_doc *d, const char *name, long long v)
{
    linux_doc_printf(d, "<column name=\"%s\">%lld</column>", name, v);
}

/* True for a /proc entry name that is a pid gdbserver would list. */
static bool osd_pid_name(const char *name, size_t maxlen)
{
    return isdigit((unsigned char)name[0]) && strlen(name) <= maxlen;
}

/* The command name of PID from /proc/PID/stat, as gdbserver reads it: the first word of
 * "(comm)" with the first and last characters dropped; the pid itself when there is no such
 * process. */
static void osd_command(char *out, size_t len, long long pid)
{
    char path[64], cmd[18];
    long long stat_pid;
    FILE *f;

    out[0] = '\0';
    snprintf(path, sizeof(path), "/proc/%lld/stat", pid);
    f = fopen(path, "re");
    if (!f) {
        snprintf(out, len, "%lld", pid);
        return;
    }
    if (fscanf(f, "%lld %17s", &stat_pid, cmd) == 2 && stat_pid == pid) {
        cmd[strlen(cmd) - 1] = '\0';
        snprintf(out, len, "%s", cmd + 1);
    }
    fclose(f);
}

/* /proc/PID/cmdline with NULs as spaces (the last one too), "[comm]" when it is empty, and
 * "" when it cannot be read. Into D as escaped text. */
static void osd_cmdline(struct linux_doc *d, long long pid)
{
    char path[64], buf[1024];
    size_t n, total = 0;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%lld/cmdline", pid);
    f = fopen(path, "re");
    if (!f)
        return;
    while ((n = fread(buf, 1, sizeof(buf) - 1, f)) > 0) {
        for (size_t i = 0; i < n; i++)
            if (buf[i] == '\0')
                buf[i] = ' ';
        buf[n] = '\0';
        linux_doc_escaped(d, buf);
        total += n;
    }
    fclose(f);
    if (total == 0) {
        char cmd[31];
        osd_command(cmd, sizeof(cmd), pid);
        linux_doc_printf(d, "[");
        linux_doc_escaped(d, cmd);
        linux_doc_printf(d, "]");
    }
}

static void osd_user(char *out, size_t len, uid_t uid)
{
    struct passwd pwd, *pw = NULL;
    char buf[1024];

    out[0] = '\0';
    if (getpwuid_r(uid, &pwd, buf, sizeof(buf), &pw) == 0 && pw)
        snprintf(out, len, "%s", pw->pw_name);
}

static void osd_group(char *out, size_t len, gid_t gid)
{
    struct group grp, *gr = NULL;
    char buf[1024];

    out[0] = '\0';
    if (getgrgid_r(gid, &grp, buf, sizeof(buf), &gr) == 0 && gr)
        snprintf(out, len, "%s", gr->gr_name);
}

/* ctime() text (with its newline), or "" for 0. */
static void osd_time(char *out, size_t len, long long seconds)
{
    char buf[32];
    time_t t = (time_t)seconds;

    out[0] = '\0';
    if (seconds && ctime_r(&t, buf))
        snprintf(out, len, "%s", buf);
}

/* The processor thread TID of PID last ran on (field 39 of its stat), or -1. */
static int osd_core(long long pid, long long tid)
{
    char path[96], buf[1024];
    const char *p;
    size_t n;
    FILE *f;
    int core = -1;

    snprintf(path, sizeof(path), "/proc/%lld/task/%lld/stat", pid, tid);
    f = fopen(path, "re");
    if (!f)
        return -1;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    p = strrchr(buf, ')');
    if (!p)
        return -1;
    /* 37 fields after the command name: the processor. */
    for (int i = 0; i < 37; i++) {
        p = strchr(p, ' ');
        if (!p)
            return -1;
        p += strspn(p, " ");
        if (!*p)
            return -1;
    }
    if (sscanf(p, "%d", &core) != 1)
        core = -1;
    return core;
}

/* How many entries a per-core array needs: /sys/devices/system/cpu/possible's largest id
 * plus one, else the number of online processors. */
static size_t osd_core_count(void)
{
    char buf[256];
    unsigned long max = 0;
    size_t n;
    FILE *f = fopen("/sys/devices/system/cpu/possible", "re");

    if (f) {
        n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[n] = '\0';
        for (char *p = buf; *p;) {
            char *end;
            unsigned long id;
            errno = 0;
            id = strtoul(p, &end, 10);
            if (errno)
                break;
            if (id > max)
                max = id;
            if (!*end)
                break;
            p = end + 1;
        }
        if (n > 0 && max < 65536)
            return max + 1;
    }
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c > 0 ? (size_t)c : 1;
}

static void osd_processes(struct linux_doc *d)
{
    size_t ncores = osd_core_count();
    int *cores = calloc(ncores, sizeof(*cores));
    struct dirent *e;
    DIR *dir;

    linux_doc_printf(d, "<osdata type=\"processes\">\n");
    dir = opendir("/proc");
    if (!dir || !cores)
        goto out;
    while ((e = readdir(dir)) != NULL) {
        char path[64], user[OSD_NAMESIZE];
        struct stat st;
        struct dirent *te;
        long long pid;
        int tasks = 0;
        DIR *tdir;

        if (!osd_pid_name(e->d_name, 20))
            continue;
        pid = strtoll(e->d_name, NULL, 10);
        snprintf(path, sizeof(path), "/proc/%lld", pid);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            osd_user(user, sizeof(user), st.st_uid);
        else
            snprintf(user, sizeof(user), "?");
        memset(cores, 0, ncores * sizeof(*cores));
        snprintf(path, sizeof(path), "/proc/%lld/task", pid);
        tdir = opendir(path);
        while (tdir && (te = readdir(tdir)) != NULL) {
            int core;
            if (!osd_pid_name(te->d_name, 20))
                continue;
            core = osd_core(pid, strtoll(te->d_name, NULL, 10));
            if (core >= 0 && (size_t)core < ncores) {
                cores[core]++;
                tasks++;
            }
        }
        if (tdir)
            closedir(tdir);
        linux_doc_printf(d, "<item>");
        osd_col_ll(d, "pid", pid);
        osd_col(d, "user", user);
        linux_doc_printf(d, "<column name=\"command\">");
        osd_cmdline(d, pid);
        linux_doc_printf(d, "</column><column name=\"cores\">");
        for (size_t i = 0; i < ncores && tasks > 0; i++) {
            if (!cores[i])
                continue;
            tasks -= cores[i];
            linux_doc_printf(d, "%zu%s", i, tasks > 0 ? "," : "");
        }
        linux_doc_printf(d, "</column></item>");
    }
out:
    if (dir)
        closedir(dir);
    free(cores);
    linux_doc_printf(d, "</osdata>\n");
}

struct osd_pgid {
    long long pid, pgid;
};

static int osd_pgid_cmp(const void *a, const void *b)
{
    const struct osd_pgid *x = a, *y = b;
    bool xl = x->pid == x->pgid, yl = y->pid == y->pgid;

    if (x->pgid != y->pgid)
        return x->pgid < y->pgid ? -1 : 1;
    if (xl != yl) /* the group leader first */
        return xl ? -1 : 1;
    return x->pid < y->pid ? -1 : x->pid > y->pid;
}

static void osd_procgroups(struct linux_doc *d)
{
    struct osd_pgid *list = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    DIR *dir;

    linux_doc_printf(d, "<osdata type=\"process groups\">\n");
    dir = opendir("/proc");
    if (!dir)
        goto out;
    while ((e = readdir(dir)) != NULL) {
        long long pid, pgid;
        if (!osd_pid_name(e->d_name, 20))
            continue;
        pid = strtoll(e->d_name, NULL, 10);
        pgid = getpgid((pid_t)pid);
        if (pgid <= 0)
            continue;
        if (n == cap) {
            struct osd_pgid *p = realloc(list, (cap ? cap * 2 : 512) * sizeof(*list));
            if (!p) {
                d->err = -ENOMEM;
                break;
            }
            list = p;
            cap = cap ? cap * 2 : 512;
        }
        list[n++] = (struct osd_pgid){pid, pgid};
    }
    closedir(dir);
    if (n)
        qsort(list, n, sizeof(*list), osd_pgid_cmp);
    for (size_t i = 0; i < n; i++) {
        char leader[32];
        osd_command(leader, sizeof(leader), list[i].pgid);
        linux_doc_printf(d, "<item>");
        osd_col_ll(d, "pgid", list[i].pgid);
        osd_col(d, "leader command", leader);
        osd_col_ll(d, "pid", list[i].pid);
        linux_doc_printf(d, "<column name=\"command line\">");
        osd_cmdline(d, list[i].pid);
        linux_doc_printf(d, "</column></item>");
    }
out:
    free(list);
    linux_doc_printf(d, "</osdata>\n");
}

/* Every process directory of /proc, for threads and files: calls FN with its pid text. */
static void osd_each_process(struct linux_doc *d,
                             void (*fn)(struct linux_doc *d, const char *pid, const char *cmd))
{
    struct dirent *e;
    DIR *dir = opendir("/proc");

    if (!dir)
        return;
    while ((e = readdir(dir)) != NULL) {
        char path[32], cmd[32];
        struct stat st;

        if (!osd_pid_name(e->d_name, 10))
            continue;
        snprintf(path, sizeof(path), "/proc/%s", e->d_name);
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        osd_command(cmd, sizeof(cmd), atoi(e->d_name));
        fn(d, e->d_name, cmd);
    }
    closedir(dir);
}

static void osd_threads_of(struct linux_doc *d, const char *pid_text, const char *cmd)
{
    char path[48];
    struct dirent *e;
    DIR *dir;
    long long pid = atoi(pid_text);

    snprintf(path, sizeof(path), "/proc/%s/task", pid_text);
    dir = opendir(path);
    if (!dir)
        return;
    while ((e = readdir(dir)) != NULL) {
        long long tid;
        if (!osd_pid_name(e->d_name, 10))
            continue;
        tid = atoi(e->d_name);
        linux_doc_printf(d, "<item>");
        osd_col_ll(d, "pid", pid);
        osd_col(d, "command", cmd);
        osd_col_ll(d, "tid", tid);
        linux_doc_printf(d, "<column name=\"core\">%d</column></item>", osd_core(pid, tid));
    }
    closedir(dir);
}

static void osd_files_of(struct linux_doc *d, const char *pid_text, const char *cmd)
{
    char path[48];
    struct dirent *e;
    DIR *dir;

    snprintf(path, sizeof(path), "/proc/%s/fd", pid_text);
    dir = opendir(path);
    if (!dir)
        return;
    while ((e = readdir(dir)) != NULL) {
        char fd_path[320], target[1000];
        ssize_t n;

        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        snprintf(fd_path, sizeof(fd_path), "%s/%s", path, e->d_name);
        n = readlink(fd_path, target, sizeof(target) - 1);
        if (n >= 0)
            target[n] = '\0';
        linux_doc_printf(d, "<item>");
        osd_col(d, "pid", pid_text);
        osd_col(d, "command", cmd);
        osd_col(d, "file descriptor", e->d_name);
        osd_col(d, "name", n >= 0 ? target : e->d_name);
        linux_doc_printf(d, "</item>");
    }
    closedir(dir);
}

static void osd_threads(struct linux_doc *d)
{
    linux_doc_printf(d, "<osdata type=\"threads\">\n");
    osd_each_process(d, osd_threads_of);
    linux_doc_printf(d, "</osdata>\n");
}

static void osd_files(struct linux_doc *d)
{
    linux_doc_printf(d, "<osdata type=\"files\">\n");
    osd_each_process(d, osd_files_of);
    linux_doc_printf(d, "</osdata>\n");
}

/* /proc/cpuinfo as "key: value" columns, one item per processor. Like gdbserver, the value
 * keeps its leading space and newline and stops at a second ':' or a tab. */
static void osd_cpus(struct linux_doc *d)
{
    char buf[8192];
    bool first = true;
    FILE *f = fopen("/proc/cpuinfo", "re");

    linux_doc_printf(d, "<osdata type=\"cpus\">\n");
    while (f && fgets(buf, sizeof(buf), f)) {
        char *save, *key, *value;
        key = strtok_r(buf, ":", &save);
        if (!key)
            continue;
        value = strtok_r(NULL, ":", &save);
        if (!value)
            continue;
        key[strcspn(key, "\t")] = '\0';
        value[strcspn(value, "\t")] = '\0';
        if (strcmp(key, "processor") == 0) {
            linux_doc_printf(d, first ? "<item>" : "</item><item>");
            first = false;
        }
        linux_doc_printf(d, "<column name=\"");
        linux_doc_escaped(d, key);
        linux_doc_printf(d, "\">");
        linux_doc_escaped(d, value);
        linux_doc_printf(d, "</column>");
    }
    if (!first)
        linux_doc_printf(d, "</item>");
    if (f)
        fclose(f);
    linux_doc_printf(d, "</osdata>\n");
}

static void osd_modules(struct linux_doc *d)
{
    char buf[8192];
    FILE *f = fopen("/proc/modules", "re");

    linux_doc_printf(d, "<osdata type=\"modules\">\n");
    while (f && fgets(buf, sizeof(buf), f)) {
        char *save, *name, *deps, *status, *tmp;
        unsigned size;
        unsigned long long address;
        int uses;

        if (!(name = strtok_r(buf, " ", &save)) || !(tmp = strtok_r(NULL, " ", &save)) ||
            sscanf(tmp, "%u", &size) != 1 || !(tmp = strtok_r(NULL, " ", &save)) ||
            sscanf(tmp, "%d", &uses) != 1 || !(deps = strtok_r(NULL, " ", &save)) ||
            !(status = strtok_r(NULL, " ", &save)) || !(tmp = strtok_r(NULL, "\n", &save)) ||
            sscanf(tmp, "%llx", &address) != 1)
            continue;
        linux_doc_printf(d, "<item>");
        osd_col(d, "name", name);
        linux_doc_printf(d, "<column name=\"size\">%u</column>", size);
        linux_doc_printf(d, "<column name=\"num uses\">%d</column>", uses);
        osd_col(d, "dependencies", deps);
        osd_col(d, "status", status);
        linux_doc_printf(d, "<column name=\"address\">%llx</column></item>", address);
    }
    if (f)
        fclose(f);
    linux_doc_printf(d, "</osdata>\n");
}

static const char *osd_tcp_state(unsigned state)
{
    static const char *const names[] = {
        NULL,        "ESTABLISHED", "SYN_SENT",   "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
        "TIME_WAIT", "CLOSE",       "CLOSE_WAIT", "LAST_ACK", "LISTEN",    "CLOSING",
    };
    if (state < sizeof(names) / sizeof(names[0]) && names[state])
        return names[state];
    return "(unknown)";
}

/* The sockets of /proc/net/{tcp,udp}{,6}. */
static void osd_sockets_of(struct linux_doc *d, int family, bool tcp)
{
    const char *file = family == AF_INET ? (tcp ? "/proc/net/tcp" : "/proc/net/udp")
                                         : (tcp ? "/proc/net/tcp6" : "/proc/net/udp6");
    char buf[8192];
    FILE *f = fopen(file, "re");

    while (f && fgets(buf, sizeof(buf), f)) {
        char laddr[NI_MAXHOST], raddr[NI_MAXHOST], lserv[NI_MAXSERV], rserv[NI_MAXSERV];
        char user[OSD_NAMESIZE];
        unsigned lport, rport, state;
        int uid;
        union {
            struct sockaddr sa;
            struct sockaddr_in in;
            struct sockaddr_in6 in6;
        } loc, rem;
        socklen_t size;
        int flags = NI_NUMERICHOST | NI_NUMERICSERV | (tcp ? 0 : NI_DGRAM);

        if (sscanf(buf,
                   "%*d: %32[0-9A-F]:%X %32[0-9A-F]:%X %X %*X:%*X %*X:%*X %*X %d %*d %*u %*s\n",
                   laddr, &lport, raddr, &rport, &state, &uid) != 6)
            continue;
        memset(&loc, 0, sizeof(loc));
        memset(&rem, 0, sizeof(rem));
        if (family == AF_INET) {
            sscanf(laddr, "%X", &loc.in.sin_addr.s_addr);
            sscanf(raddr, "%X", &rem.in.sin_addr.s_addr);
            loc.in.sin_port = htons((uint16_t)lport);
            rem.in.sin_port = htons((uint16_t)rport);
            size = sizeof(struct sockaddr_in);
        } else {
            uint32_t *l = loc.in6.sin6_addr.s6_addr32, *r = rem.in6.sin6_addr.s6_addr32;
            sscanf(laddr, "%8X%8X%8X%8X", &l[0], &l[1], &l[2], &l[3]);
            sscanf(raddr, "%8X%8X%8X%8X", &r[0], &r[1], &r[2], &r[3]);
            loc.in6.sin6_port = htons((uint16_t)lport);
            rem.in6.sin6_port = htons((uint16_t)rport);
            size = sizeof(struct sockaddr_in6);
        }
        loc.sa.sa_family = rem.sa.sa_family = (sa_family_t)family;
        if (getnameinfo(&loc.sa, size, laddr, sizeof(laddr), lserv, sizeof(lserv), flags) ||
            getnameinfo(&rem.sa, size, raddr, sizeof(raddr), rserv, sizeof(rserv), flags))
            continue;
        osd_user(user, sizeof(user), (uid_t)uid);
        linux_doc_printf(d, "<item>");
        osd_col(d, "local address", laddr);
        osd_col(d, "local port", lserv);
        osd_col(d, "remote address", raddr);
        osd_col(d, "remote port", rserv);
        osd_col(d, "state", osd_tcp_state(state));
        osd_col(d, "user", user);
        osd_col(d, "family", family == AF_INET ? "INET" : "INET6");
        osd_col(d, "protocol", tcp ? "STREAM" : "DGRAM");
        linux_doc_printf(d, "</item>");
    }
    if (f)
        fclose(f);
}

static void osd_sockets(struct linux_doc *d)
{
    linux_doc_printf(d, "<osdata type=\"I sockets\">\n");
    osd_sockets_of(d, AF_INET, true);
    osd_sockets_of(d, AF_INET, false);
    osd_sockets_of(d, AF_INET6, true);
    osd_sockets_of(d, AF_INET6, false);
    linux_doc_printf(d, "</osdata>\n");
}

/* Owner and creator user and group names of a System V IPC object. */
struct osd_ids {
    char user[OSD_NAMESIZE], group[OSD_NAMESIZE], cuser[OSD_NAMESIZE], cgroup[OSD_NAMESIZE];
};

static void osd_ids(struct osd_ids *n, unsigned uid, unsigned gid, unsigned cuid, unsigned cgid)
{
    osd_user(n->user, sizeof(n->user), uid);
    osd_group(n->group, sizeof(n->group), gid);
    osd_user(n->cuser, sizeof(n->cuser), cuid);
    osd_group(n->cgroup, sizeof(n->cgroup), cgid);
}

static void osd_ids_cols(struct linux_doc *d, const struct osd_ids *n)
{
    osd_col(d, "user", n->user);
    osd_col(d, "group", n->group);
    osd_col(d, "creator user", n->cuser);
    osd_col(d, "creator group", n->cgroup);
}

static void osd_shm(struct linux_doc *d)
{
    char buf[8192];
    FILE *f = fopen("/proc/sysvipc/shm", "re");

    linux_doc_printf(d, "<osdata type=\"shared memory\">\n");
    while (f && fgets(buf, sizeof(buf), f)) {
        int key, shmid, size, nattch;
        unsigned perms, uid, gid, cuid, cgid;
        long long cpid, lpid, atime, dtime, ctime_;
        char ccmd[32], lcmd[32], at[32], dt[32], ct[32];
        struct osd_ids n;

        if (sscanf(buf, "%d %d %o %d %lld %lld %d %u %u %u %u %lld %lld %lld", &key, &shmid, &perms,
                   &size, &cpid, &lpid, &nattch, &uid, &gid, &cuid, &cgid, &atime, &dtime,
                   &ctime_) != 14)
            continue;
        osd_ids(&n, uid, gid, cuid, cgid);
        osd_command(ccmd, sizeof(ccmd), cpid);
        osd_command(lcmd, sizeof(lcmd), lpid);
        osd_time(at, sizeof(at), atime);
        osd_time(dt, sizeof(dt), dtime);
        osd_time(ct, sizeof(ct), ctime_);
        linux_doc_printf(
            d,
            "<item><column name=\"key\">%d</column><column name=\"shmid\">%d</column>"
            "<column name=\"permissions\">%o</column><column name=\"size\">%d</column>",
            key, shmid, perms, size);
        osd_col(d, "creator command", ccmd);
        osd_col(d, "last op. command", lcmd);
        linux_doc_printf(d, "<column name=\"num attached\">%d</column>", nattch);
        osd_ids_cols(d, &n);
        osd_col(d, "last shmat() time", at);
        osd_col(d, "last shmdt() time", dt);
        osd_col(d, "last shmctl() time", ct);
        linux_doc_printf(d, "</item>");
    }
    if (f)
        fclose(f);
    linux_doc_printf(d, "</osdata>\n");
}

static void osd_sem(struct linux_doc *d)
{
    char buf[8192];
    FILE *f = fopen("/proc/sysvipc/sem", "re");

    linux_doc_printf(d, "<osdata type=\"semaphores\">\n");
    while (f && fgets(buf, sizeof(buf), f)) {
        int key, semid;
        unsigned perms, nsems, uid, gid, cuid, cgid;
        long long otime, ctime_;
        char ot[32], ct[32];
        struct osd_ids n;

        if (sscanf(buf, "%d %d %o %u %u %u %u %u %lld %lld", &key, &semid, &perms, &nsems, &uid,
                   &gid, &cuid, &cgid, &otime, &ctime_) != 10)
            continue;
        osd_ids(&n, uid, gid, cuid, cgid);
        osd_time(ot, sizeof(ot), otime);
        osd_time(ct, sizeof(ct), ctime_);
        linux_doc_printf(d,
                         "<item><column name=\"key\">%d</column><column name=\"semid\">%d</column>"
                         "<column name=\"permissions\">%o</column>"
                         "<column name=\"num semaphores\">%u</column>",
                         key, semid, perms, nsems);
        osd_ids_cols(d, &n);
        osd_col(d, "last semop() time", ot);
        osd_col(d, "last semctl() time", ct);
        linux_doc_printf(d, "</item>");
    }
    if (f)
        fclose(f);
    linux_doc_printf(d, "</osdata>\n");
}

static void osd_msg(struct linux_doc *d)
{
    char buf[8192];
    FILE *f = fopen("/proc/sysvipc/msg", "re");

    linux_doc_printf(d, "<osdata type=\"message queues\">\n");
    while (f && fgets(buf, sizeof(buf), f)) {
        int key, msqid;
        unsigned perms, cbytes, qnum, uid, gid, cuid, cgid;
        long long lspid, lrpid, stime, rtime, ctime_;
        char scmd[32], rcmd[32], st[32], rt[32], ct[32];
        struct osd_ids n;

        if (sscanf(buf, "%d %d %o %u %u %lld %lld %u %u %u %u %lld %lld %lld", &key, &msqid, &perms,
                   &cbytes, &qnum, &lspid, &lrpid, &uid, &gid, &cuid, &cgid, &stime, &rtime,
                   &ctime_) != 14)
            continue;
        osd_ids(&n, uid, gid, cuid, cgid);
        osd_command(scmd, sizeof(scmd), lspid);
        osd_command(rcmd, sizeof(rcmd), lrpid);
        osd_time(st, sizeof(st), stime);
        osd_time(rt, sizeof(rt), rtime);
        osd_time(ct, sizeof(ct), ctime_);
        linux_doc_printf(d,
                         "<item><column name=\"key\">%d</column><column name=\"msqid\">%d</column>"
                         "<column name=\"permissions\">%o</column>"
                         "<column name=\"num used bytes\">%u</column>"
                         "<column name=\"num messages\">%u</column>",
                         key, msqid, perms, cbytes, qnum);
        osd_col(d, "last msgsnd() command", scmd);
        osd_col(d, "last msgrcv() command", rcmd);
        osd_ids_cols(d, &n);
        osd_col(d, "last msgsnd() time", st);
        osd_col(d, "last msgrcv() time", rt);
        osd_col(d, "last msgctl() time", ct);
        linux_doc_printf(d, "</item>");
    }
    if (f)
        fclose(f);
    linux_doc_printf(d, "</osdata>\n");
}

struct osd_type {
    const char *type, *title, *description;
    void (*build)(struct linux_doc *d);
};

static void osd_types(struct linux_doc *d);

/* gdbserver's table, in its order; the first entry ("types") is not listed by itself. */
static const struct osd_type osd_table[] = {
    {"types", "Types", "Listing of info os types you can list", osd_types},
    {"cpus", "CPUs", "Listing of all cpus/cores on the system", osd_cpus},
    {"files", "File descriptors", "Listing of all file descriptors", osd_files},
    {"modules", "Kernel modules", "Listing of all loaded kernel modules", osd_modules},
    {"msg", "Message queues", "Listing of all message queues", osd_msg},
    {"processes", "Processes", "Listing of all processes", osd_processes},
    {"procgroups", "Process groups", "Listing of all process groups", osd_procgroups},
    {"semaphores", "Semaphores", "Listing of all semaphores", osd_sem},
    {"shm", "Shared-memory regions", "Listing of all shared-memory regions", osd_shm},
    {"sockets", "Sockets", "Listing of all internet-domain sockets", osd_sockets},
    {"threads", "Threads", "Listing of all threads", osd_threads},
};

static void osd_types(struct linux_doc *d)
{
    linux_doc_printf(d, "<osdata type=\"types\">\n");
    for (size_t i = 1; i < sizeof(osd_table) / sizeof(osd_table[0]); i++) {
        linux_doc_printf(d, "<item>");
        osd_col(d, "Type", osd_table[i].type);
        osd_col(d, "Description", osd_table[i].description);
        osd_col(d, "Title", osd_table[i].title);
        linux_doc_printf(d, "</item>");
    }
    linux_doc_printf(d, "</osdata>\n");
}

ssize_t linux_osdata_read(const char *annex, uint64_t off, void *buf, size_t len)
{
    struct linux_doc d = {0};
    const char *type = annex && *annex ? annex : "types";

    for (size_t i = 0; i < sizeof(osd_table) / sizeof(osd_table[0]); i++) {
        if (strcmp(type, osd_table[i].type) == 0) {
            osd_table[i].build(&d);
            break;
        }
    }
    /* An unknown type is an empty document, as with gdbserver. */
    return linux_doc_finish(&d, off, buf, len);
}
