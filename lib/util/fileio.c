/* fileio.c - see fileio.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/xalloc.h"

int
f48_file_lstat_kind(const char *path, char *kind)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return -1;
	if (S_ISREG(st.st_mode))
		*kind = 'f';
	else if (S_ISDIR(st.st_mode))
		*kind = 'd';
	else if (S_ISLNK(st.st_mode))
		*kind = 'l';
	else
		*kind = 'o';
	return 0;
}

/* Open a regular file for reading, never through a final symlink. */
static int
open_regular(const char *path, f48_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ELOOP)
			return f48_error_set(err, F48_EUNSAFE, path, 0,
			    "is a symbolic link where a file is expected; refusing to follow it");
		return f48_error_sys(err, F48_EINPUT, path, "cannot open");
	}
	if (fstat(fd, &st) != 0) {
		close(fd);
		return f48_error_sys(err, F48_EIO, path, "cannot stat");
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return f48_error_set(err, F48_EINPUT, path, 0,
		    "is not a regular file (%s)", S_ISDIR(st.st_mode) ? "a directory" : "a special file");
	}
	return fd;
}

int
f48_file_read(const char *path, size_t max_size, char **out, size_t *len,
    f48_error *err)
{
	char *buf = NULL;
	size_t cap = 0, n = 0;
	ssize_t r;
	int fd = open_regular(path, err);

	if (fd < 0)
		return fd;
	for (;;) {
		buf = f48_xgrow(buf, &cap, n + 65536 + 1, 1);
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			f48_error_sys(err, F48_EIO, path, "read failed");
			free(buf);
			close(fd);
			return F48_EIO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max_size) {
			free(buf);
			close(fd);
			return f48_error_set(err, F48_EINPUT, path, 0,
			    "file is larger than %zu bytes; refusing to read it", max_size);
		}
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return F48_OK;
}

struct f48_lr {
	int fd;
	char *path;
	size_t max_line;
	char buf[65536];
	size_t pos, end;
	bool eof;
	char *line;         /* max_line + 1 bytes */
	long lineno;
};

int
f48_lr_open(f48_lr **out, const char *path, size_t max_line, f48_error *err)
{
	f48_lr *lr;
	int fd = open_regular(path, err);

	if (fd < 0)
		return fd;
	/* not calloc: the 64 KiB buffer needs no zeroing */
	lr = f48_xmalloc(sizeof(*lr));
	lr->fd = fd;
	lr->pos = lr->end = 0;
	lr->eof = false;
	lr->lineno = 0;
	lr->path = f48_xstrdup(path);
	lr->max_line = max_line ? max_line : 1;
	lr->line = f48_xmalloc(lr->max_line + 1);
	*out = lr;
	return F48_OK;
}

static int
lr_fill(f48_lr *lr, f48_error *err)
{
	ssize_t r;

	for (;;) {
		r = read(lr->fd, lr->buf, sizeof(lr->buf));
		if (r < 0 && errno == EINTR)
			continue;
		break;
	}
	if (r < 0)
		return f48_error_sys(err, F48_EIO, lr->path, "read failed after line %ld",
		    lr->lineno);
	lr->pos = 0;
	lr->end = (size_t)r;
	if (r == 0)
		lr->eof = true;
	return F48_OK;
}

int
f48_lr_next(f48_lr *lr, f48_line *line, f48_error *err)
{
	size_t n = 0;
	bool got_any = false, newline = false;
	int rc;

	memset(line, 0, sizeof(*line));
	while (!newline) {
		const char *p, *nl;
		size_t seg, take;

		if (lr->pos == lr->end) {
			if (lr->eof)
				break;
			if ((rc = lr_fill(lr, err)) < 0)
				return rc;
			if (lr->eof)
				break;
		}
		got_any = true;
		/* the rest of the line in this buffer, in one piece */
		p = lr->buf + lr->pos;
		nl = memchr(p, '\n', lr->end - lr->pos);
		seg = nl ? (size_t)(nl - p) : lr->end - lr->pos;
		if (memchr(p, '\0', seg) != NULL)
			line->has_nul = true;
		take = seg;
		if (take > lr->max_line - n) {
			take = lr->max_line - n;
			line->too_long = true;
		}
		memcpy(lr->line + n, p, take);
		n += take;
		lr->pos += seg + (nl != NULL);
		newline = nl != NULL;
	}
	if (!got_any)
		return 0;
	lr->lineno++;
	if (n > 0 && lr->line[n - 1] == '\r' && !line->too_long) {
		n--;
		line->had_cr = true;
	}
	lr->line[n] = '\0';
	line->text = lr->line;
	line->len = n;
	line->lineno = lr->lineno;
	line->no_newline = !newline;
	return 1;
}

void
f48_lr_close(f48_lr *lr)
{
	if (lr == NULL)
		return;
	close(lr->fd);
	free(lr->path);
	free(lr->line);
	free(lr);
}
