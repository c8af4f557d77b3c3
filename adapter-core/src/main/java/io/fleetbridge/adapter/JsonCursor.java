package io.fleetbridge.adapter;

/**
 * A forward-only JSON reader over one byte range: the codec's own, rather than dsl-json's reader,
 * because the codec needs three things that reader does not give without copies or risk: string
 * values as byte ranges of the input (dsl-json decodes them to UTF-16 chars), nesting skipped
 * iteratively with a hard depth bound (dsl-json skips nested values by recursion, so 200,000
 * brackets would overflow the stack), and failures as return codes instead of exceptions.
 *
 * <p>Not thread safe; allocation free once the target buffers have grown. Every method that
 * consumes input returns a status:
 * {@link #OK} (or {@link #MEMBER}/{@link #END}) on success, {@link #SYNTAX} or {@link #TOO_DEEP}
 * on failure, after which the cursor is not to be used until {@link #reset}.
 * String content is validated (escapes well formed, no raw control bytes) but not decoded
 * (see {@link JsonUnquote} for that), except by {@link #readStringInto} and
 * {@link #readBase64Into}, which decode the strings a caller is sure to need in the same pass.
 * A caller that knows the document's layout may hint where work can be skipped
 * ({@link #expectQuoteAt}, {@link #knownPlain}); {@link #reset} forgets the hints, and no hint
 * changes what a read returns.
 */
final class JsonCursor
{
    /** Deepest nesting accepted; the outermost object of a document is at depth 1. */
    static final int MAX_DEPTH = 64;

    static final int OK = 0;
    static final int MEMBER = 1;
    static final int END = 0;
    static final int SYNTAX = -1;
    static final int TOO_DEEP = -2;

    private final Base64Blocks blocks;
    private byte[] buf;
    private int pos;
    private int end;

    private int stringStart;
    private int stringEnd;
    private boolean stringEscaped;
    private boolean stringDecoded;
    /** Where the next {@link #readBase64Into} expects its closing quote; -1 for no guess. */
    private int expectedQuote = -1;
    /** A run of the range known to be plain ({@link #knownPlain}); empty when none. */
    private int plainFrom;
    private int plainTo;
    private int keyStart;
    private int keyEnd;
    private boolean keyEscaped;
    private long integer;
    private boolean integerForm;

    /** @param blocks the base64 decoder {@link #readBase64Into} uses */
    JsonCursor(final Base64Blocks blocks)
    {
        this.blocks = blocks;
    }

    void reset(final byte[] buf, final int from, final int to)
    {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        this.expectedQuote = -1;
        this.plainFrom = 0;
        this.plainTo = 0;
    }

    /**
     * Tells the cursor that {@code [from, to)} of its range is a plain run ({@link ScratchBuffer#plainRun}):
     * {@link #readStringInto} then skips scanning it. The v1 request is unquoted from the secure request
     * before it is read, and its kilobytes of base64 data were one plain run of that unquoting.
     */
    void knownPlain(final int from, final int to)
    {
        this.plainFrom = from;
        this.plainTo = to;
    }

    /**
     * A guess, by whoever knows the document's layout, of where the next {@link #readBase64Into}
     * finds its closing quote, so that it need not scan the kilobytes before it. A guess can cost
     * time but never change a result: it is taken only when the decoder proves that no quote comes
     * before it (see {@link #readBase64Into}), and otherwise the string is read as without one.
     */
    void expectQuoteAt(final int index)
    {
        expectedQuote = index;
    }

    byte[] buffer()
    {
        return buf;
    }

    /** The next byte after whitespace, without consuming it; -1 at the end of the range. */
    int peek()
    {
        int i = pos;
        while (i < end)
        {
            final int c = buf[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            {
                pos = i;
                return c & 0xFF;
            }
            i++;
        }
        pos = i;
        return -1;
    }

    /** Consumes the byte {@link #peek} returned. */
    void advance()
    {
        pos++;
    }

    /** True when nothing but whitespace is left: a document must not have trailing bytes. */
    boolean atEnd()
    {
        return peek() < 0;
    }

    /**
     * Inside an object, reads the next member's key and the colon after it. {@code first} says
     * no member has been read yet. Returns {@link #MEMBER} with the cursor on the value,
     * {@link #END} after consuming the closing brace, or {@link #SYNTAX}.
     */
    int nextMember(final boolean first)
    {
        int c = peek();
        if (c == '}')
        {
            pos++;
            return END;
        }
        if (!first)
        {
            if (c != ',')
            {
                return SYNTAX;
            }
            pos++;
            c = peek();
        }
        return key(c);
    }

    private int key(final int c)
    {
        if (c != '"')
        {
            return SYNTAX;
        }
        final int status = readString();
        if (status < 0)
        {
            return status;
        }
        keyStart = stringStart;
        keyEnd = stringEnd;
        keyEscaped = stringEscaped;
        if (peek() != ':')
        {
            return SYNTAX;
        }
        pos++;
        return peek() < 0 ? SYNTAX : MEMBER;
    }

    int keyStart()
    {
        return keyStart;
    }

    int keyEnd()
    {
        return keyEnd;
    }

    boolean keyEscaped()
    {
        return keyEscaped;
    }

    int stringStart()
    {
        return stringStart;
    }

    int stringEnd()
    {
        return stringEnd;
    }

    boolean stringEscaped()
    {
        return stringEscaped;
    }

    long integer()
    {
        return integer;
    }

    /** True when the last number was written as an integer that fits a long (what Go's ParseInt accepts). */
    boolean integerForm()
    {
        return integerForm;
    }

    /**
     * Reads a string at the cursor; its content is then [stringStart, stringEnd), and
     * {@link #stringEscaped} says whether it holds escapes or non-ASCII bytes (whether unquoting
     * it is more than a copy).
     */
    int readString()
    {
        int i = pos + 1;
        boolean escaped = false;
        while (true)
        {
            i = ByteScan.stringRunEnd(buf, i, end);
            if (i >= end)
            {
                return SYNTAX;
            }
            final int c = buf[i];
            if (c == '"')
            {
                break;
            }
            escaped = true;
            if (c < 0)
            {
                // UTF-8 is checked (and repaired) by whoever unquotes the string: pass its whole run of
                // high bytes here rather than one per call of the scan
                do
                {
                    i++;
                }
                while (i < end && buf[i] < 0);
                continue;
            }
            if (c != '\\' || i + 1 >= end)
            {
                return SYNTAX;
            }
            final int e = buf[i + 1];
            if (e == 'u')
            {
                if (i + 6 > end || JsonUnquote.hex4(buf, i + 2) < 0)
                {
                    return SYNTAX;
                }
                i += 6;
            }
            else if (JsonUnquote.isSimpleEscape(e))
            {
                i += 2;
            }
            else
            {
                return SYNTAX;
            }
        }
        stringStart = pos + 1;
        stringEnd = i;
        stringEscaped = escaped;
        pos = i + 1;
        return OK;
    }

    /**
     * Reads a string at the cursor as {@link #readString} does, and when it is plain base64
     * also decodes it into {@code dst}, saying so with {@link #stringDecoded}. For the
     * kilobytes of base64 a Choria message nests, this is cheaper than the full scan: take the
     * quote {@link #expectQuoteAt} guessed, or find the first quote only (one test per byte
     * instead of four), then let the decoder prove that nothing before it is a quote, a
     * backslash, a control or a non-ASCII byte (none of them is base64, and exactly four
     * characters of every four decode in full). Anything else is read again with
     * {@link #readString}, and the caller decodes it the slow way.
     */
    int readBase64Into(final ScratchBuffer dst)
    {
        final int from = pos + 1;
        final int guess = expectedQuote;
        expectedQuote = -1;
        if (guess >= from && guess < end && buf[guess] == '"' && ((guess - from) & 3) == 0 && decodes(from, guess, dst))
        {
            return decoded(from, guess);
        }
        final int quote = ByteScan.quoteEnd(buf, from, end);
        final int chars = quote - from;
        // a proof needs whole quanta: line breaks, which the decoder skips, would break the count
        if (quote < end && (chars & 3) == 0 && decodes(from, quote, dst))
        {
            return decoded(from, quote);
        }
        stringDecoded = false;
        return readString();
    }

    /** True when {@code buf[from, to)} is whole quanta of base64 alphabet (padding only at its end), decoded into {@code dst}. */
    private boolean decodes(final int from, final int to, final ScratchBuffer dst)
    {
        return blocks.decode(buf, from, to, dst) >= (to - from) / 4 * 3 - 2;
    }

    private int decoded(final int from, final int quote)
    {
        stringStart = from;
        stringEnd = quote;
        stringEscaped = false;
        stringDecoded = true;
        pos = quote + 1;
        return OK;
    }

    /** True when the last {@link #readBase64Into} decoded the string. */
    boolean stringDecoded()
    {
        return stringDecoded;
    }

    /**
     * Reads a string at the cursor as {@link #readString} does and, in the same pass, writes its
     * content unquoted (exactly what {@link JsonUnquote#unquote} makes of it) into {@code dst}:
     * for long strings with escapes, such as the request a v1 secure request carries, one pass
     * instead of two. On failure the content of {@code dst} is unspecified.
     */
    int readStringInto(final ScratchBuffer dst)
    {
        final long result = JsonUnquote.unquoteString(buf, pos + 1, end, dst, plainFrom, plainTo);
        final int close = result < 0 ? end : (int)(result >>> 1);
        if (close >= end)
        {
            return SYNTAX;
        }
        stringStart = pos + 1;
        stringEnd = close;
        stringEscaped = (result & 1) != 0;
        pos = close + 1;
        return OK;
    }

    /** Reads a number at the cursor, noting whether it is an integer that fits a long. */
    int readNumber()
    {
        int i = pos;
        final boolean negative = buf[i] == '-';
        if (negative)
        {
            i++;
        }
        if (i >= end)
        {
            return SYNTAX;
        }
        // accumulate negatively so that Long.MIN_VALUE fits
        long value = 0;
        boolean overflow = false;
        int c = buf[i];
        if (c == '0')
        {
            i++;
        }
        else if (c >= '1' && c <= '9')
        {
            while (i < end && (c = buf[i]) >= '0' && c <= '9')
            {
                final int digit = c - '0';
                if (value < -922_337_203_685_477_580L || (value == -922_337_203_685_477_580L && digit > 8))
                {
                    overflow = true;
                }
                value = value * 10 - digit;
                i++;
            }
        }
        else
        {
            return SYNTAX;
        }
        boolean whole = true;
        if (i < end && buf[i] == '.')
        {
            whole = false;
            i = digits(i + 1);
            if (i < 0)
            {
                return SYNTAX;
            }
        }
        if (i < end && (buf[i] == 'e' || buf[i] == 'E'))
        {
            whole = false;
            i++;
            if (i < end && (buf[i] == '+' || buf[i] == '-'))
            {
                i++;
            }
            i = digits(i);
            if (i < 0)
            {
                return SYNTAX;
            }
        }
        if (!negative && value == Long.MIN_VALUE)
        {
            overflow = true;
        }
        integer = negative ? value : -value;
        integerForm = whole && !overflow;
        pos = i;
        return OK;
    }

    /** Index after one or more digits from {@code i}, or -1 when there is none. */
    private int digits(final int from)
    {
        int i = from;
        while (i < end && buf[i] >= '0' && buf[i] <= '9')
        {
            i++;
        }
        return i > from ? i : -1;
    }

    /** True when the cursor is on the literal {@code null}; consumes it then. */
    boolean readNull()
    {
        if (pos + 4 <= end && buf[pos] == 'n' && buf[pos + 1] == 'u' && buf[pos + 2] == 'l' && buf[pos + 3] == 'l')
        {
            pos += 4;
            return true;
        }
        return false;
    }

    private int readLiteral()
    {
        final int c = buf[pos];
        if (c == 'n')
        {
            return readNull() ? OK : SYNTAX;
        }
        final byte[] literal = c == 't' ? TRUE : FALSE;
        if (pos + literal.length > end)
        {
            return SYNTAX;
        }
        for (int k = 1; k < literal.length; k++)
        {
            if (buf[pos + k] != literal[k])
            {
                return SYNTAX;
            }
        }
        pos += literal.length;
        return OK;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /**
     * Skips the value at the cursor, however nested, without recursion. {@code depth} is the
     * depth of the container holding the value (0 for a document's top-level value).
     */
    int skipValue(final int depth)
    {
        // bit n set: the container opened at relative level n is an object (else an array);
        // MAX_DEPTH = 64 is what lets a single long serve as the stack
        long objects = 0;
        int level = 0;
        int c = peek();
        value:
        while (true)
        {
            int status = OK;
            switch (c)
            {
                case '{':
                case '[':
                    if (depth + level + 1 > MAX_DEPTH)
                    {
                        return TOO_DEEP;
                    }
                    pos++;
                    final boolean object = c == '{';
                    objects = object ? objects | (1L << level) : objects & ~(1L << level);
                    level++;
                    c = peek();
                    if (c == (object ? '}' : ']'))
                    {
                        pos++;
                        level--;
                        break;
                    }
                    if (object)
                    {
                        status = key(c);
                        if (status < 0)
                        {
                            return status;
                        }
                        c = peek();
                    }
                    continue value;
                case '"':
                    status = readString();
                    break;
                case 't':
                case 'f':
                case 'n':
                    status = readLiteral();
                    break;
                default:
                    status = c == '-' || (c >= '0' && c <= '9') ? readNumber() : SYNTAX;
                    break;
            }
            if (status < 0)
            {
                return status;
            }
            while (level > 0)
            {
                c = peek();
                final boolean inObject = ((objects >>> (level - 1)) & 1L) != 0;
                if (c == ',')
                {
                    pos++;
                    c = peek();
                    if (inObject)
                    {
                        status = key(c);
                        if (status < 0)
                        {
                            return status;
                        }
                        c = peek();
                    }
                    continue value;
                }
                if (c != (inObject ? '}' : ']'))
                {
                    return SYNTAX;
                }
                pos++;
                level--;
            }
            return OK;
        }
    }
}
