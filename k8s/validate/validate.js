#!/usr/bin/env node
// Validates rendered Kubernetes manifests offline; run by ../validate.sh.
//
//   node validate.js [--extra FILE]... NAME=FILE...
//
// Each NAME=FILE is one rendered kustomization (multi-document YAML, `kubectl kustomize` output);
// each --extra FILE holds objects applied separately (the Secret template), validated once and
// visible to every bundle's reference checks. For every object:
//   * its apiVersion/kind must be a built-in Kubernetes kind (npm kubernetes-models, generated
//     from the Kubernetes OpenAPI schemas): anything else is an error, so a CRD cannot slip in;
//   * it must pass that kind's JSON schema (types, enums, required fields, formats);
//   * it must have no field the schema does not know. The generated validators accept unknown
//     fields (the API server would prune them or, with kubectl --validate=strict, refuse them),
//     so each object is validated once more through a Proxy that records which fields the
//     validator looks at: a field it never reads is not in the schema (a misspelt
//     `readinesProbe`, a `port` one level too deep). (Content whose schema allows anything, a
//     CRD's openAPIV3Schema or a RawExtension, would be flagged too; k8s/ has none.)
// Then, per bundle, what a schema cannot see: selectors that select the StatefulSet's pods,
// named ports that exist, ConfigMaps and Secret keys that are referenced but missing,
// CEPHGW_REPLICAS equal to replicas, one per-pod Service per ordinal, embedded YAML that parses.
// Exit status 0 when everything passed, 1 otherwise (every problem is printed).
'use strict';

const fs = require('fs');
const YAML = require('yaml');

const problems = [];
const problem = (where, msg) => problems.push(`${where}: ${msg}`);

function parseFile(file) {
    const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'));
    const objs = [];
    docs.forEach((doc, i) => {
        if (doc.errors.length > 0) {
            doc.errors.forEach((e) => problem(`${file} document ${i + 1}`, `YAML: ${e.message}`));
            return;
        }
        const o = doc.toJS();
        if (o === null || o === undefined) return; // an empty document
        if (typeof o !== 'object' || Array.isArray(o)) {
            problem(`${file} document ${i + 1}`, 'not a Kubernetes object (a mapping)');
            return;
        }
        objs.push(o);
    });
    return objs;
}

const name = (o) => `${o.kind || '?'}/${(o.metadata && o.metadata.name) || '?'}`;

// kubernetes-models has one module per built-in kind: kubernetes-models/<group>/<version>/<Kind>
// ("v1" for the core group). None exists for custom resources.
function modelFor(apiVersion, kind) {
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return null;
    if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return null;
    try {
        const mod = require(`kubernetes-models/${apiVersion}/${kind}`);
        return typeof mod[kind] === 'function' ? mod[kind] : null;
    } catch (e) {
        // no such module (a kind kubernetes-models does not have, e.g. a custom resource)
        if (e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return null;
        throw e;
    }
}

// A copy of `value` in which every object is a Proxy recording the fields read through it
// (`reads`); `all` gets every field's path. Arrays stay arrays (of tracked elements).
function tracked(value, path, reads, all) {
    if (Array.isArray(value)) return value.map((v, i) => tracked(v, `${path}/${i}`, reads, all));
    if (value === null || typeof value !== 'object') return value;
    const target = {};
    for (const k of Object.keys(value)) {
        all.add(`${path}/${k}`);
        target[k] = tracked(value[k], `${path}/${k}`, reads, all);
    }
    const mark = (t, key) => {
        if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(t, key)) reads.add(`${path}/${key}`);
    };
    // Only direct reads count: a `for (k in obj)` (maps such as labels) enumerates the keys and
    // then reads each one, a schema property is read by name, and an unknown field is never read.
    return new Proxy(target, {
        get(t, key, receiver) {
            mark(t, key);
            return Reflect.get(t, key, receiver);
        },
        has(t, key) {
            mark(t, key);
            return Reflect.has(t, key);
        },
    });
}

function validateObject(o, where) {
    const Model = modelFor(o.apiVersion, o.kind);
    if (!Model) {
        problem(where, `unknown kind ${o.apiVersion}/${o.kind}: not a built-in Kubernetes kind`);
        return false;
    }
    let ok = true;
    try {
        new Model(o).validate();
    } catch (e) {
        problem(where, `schema: ${e.message}`);
        ok = false;
    }
    const reads = new Set();
    const all = new Set();
    const root = tracked(JSON.parse(JSON.stringify(o)), '', reads, all);
    try {
        Model.prototype.validate.call(root);
    } catch (e) {
        // reported above
    }
    const unknown = [...all].filter((p) => !reads.has(p)).sort();
    const reported = [];
    for (const p of unknown) {
        if (reported.some((r) => p.startsWith(`${r}/`))) continue; // inside an unknown field
        reported.push(p);
        problem(where, `unknown field ${p.slice(1).replace(/\//g, '.')}`);
        ok = false;
    }
    return ok;
}

const matches = (selector, labels) =>
    selector !== undefined && Object.entries(selector).every(([k, v]) => labels[k] === v);

function checkBundle(bundle, objs, extras) {
    const visible = objs.concat(extras);
    const sets = objs.filter((o) => o.kind === 'StatefulSet');
    const where = (o) => `${bundle} ${name(o)}`;
    if (sets.length === 0) problem(bundle, 'no StatefulSet rendered');
    for (const s of sets) {
        const spec = s.spec || {};
        const tmpl = spec.template || {};
        const podLabels = (tmpl.metadata && tmpl.metadata.labels) || {};
        const pod = tmpl.spec || {};
        const replicas = spec.replicas === undefined ? 1 : spec.replicas;
        if (!matches(spec.selector && spec.selector.matchLabels, podLabels)) {
            problem(where(s), 'spec.selector does not select the pod template labels');
        }
        if (podLabels['app.kubernetes.io/name'] !== 'cephgw') {
            problem(where(s), 'pod template lacks app.kubernetes.io/name: cephgw (Cluster Bootstrap finds the pods by it)');
        }
        if (spec.serviceName && !objs.some((o) => o.kind === 'Service' && o.metadata.name === spec.serviceName
            && o.spec.clusterIP === 'None')) {
            problem(where(s), `serviceName ${spec.serviceName}: no such headless Service`);
        }
        const portNames = new Set();
        for (const c of pod.containers || []) {
            for (const p of c.ports || []) if (p.name) portNames.add(p.name);
        }
        for (const c of pod.containers || []) {
            const env = c.env || [];
            const r = env.find((e) => e.name === 'CEPHGW_REPLICAS');
            if (!r) {
                problem(where(s), `container ${c.name}: no CEPHGW_REPLICAS (Cluster Bootstrap's contact-point count)`);
            } else if (String(r.value) !== String(replicas)) {
                problem(where(s), `container ${c.name}: CEPHGW_REPLICAS is ${JSON.stringify(r.value)} but replicas is ${replicas}`);
            }
            for (const e of env) {
                const ref = e.valueFrom && e.valueFrom.secretKeyRef;
                if (ref) checkSecretKey(where(s), visible, ref.name, ref.key, `env ${e.name}`);
            }
            for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
                const port = c[probe] && c[probe].httpGet && c[probe].httpGet.port;
                if (typeof port === 'string' && !portNames.has(port)) {
                    problem(where(s), `container ${c.name}: ${probe} uses port ${port}, which no container port is named`);
                }
            }
        }
        for (const v of pod.volumes || []) {
            if (v.configMap && !visible.some((o) => o.kind === 'ConfigMap' && o.metadata.name === v.configMap.name)) {
                problem(where(s), `volume ${v.name}: ConfigMap ${v.configMap.name} is not rendered`);
            }
            if (v.secret) {
                for (const item of v.secret.items || []) {
                    checkSecretKey(where(s), visible, v.secret.secretName, item.key, `volume ${v.name}`);
                }
            }
        }
        for (const o of objs) {
            const sel = selectorOf(o);
            if (sel === undefined) continue;
            const { 'statefulset.kubernetes.io/pod-name': podName, ...rest } = sel;
            if (!matches(rest, podLabels)) {
                problem(where(o), `selector ${JSON.stringify(sel)} selects none of StatefulSet ${s.metadata.name}'s pods`);
                continue;
            }
            if (podName !== undefined) {
                const ordinal = podName.startsWith(`${s.metadata.name}-`) ? Number(podName.slice(s.metadata.name.length + 1)) : NaN;
                if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= replicas) {
                    problem(where(o), `selects pod ${podName}, which StatefulSet ${s.metadata.name} (replicas ${replicas}) does not have`);
                }
            }
            if (o.kind === 'Service') {
                for (const p of o.spec.ports || []) {
                    if (typeof p.targetPort === 'string' && !portNames.has(p.targetPort)) {
                        problem(where(o), `port ${p.name}: targetPort ${p.targetPort} is no container port's name`);
                    }
                }
            }
        }
        // per-node mode: if any Service picks single pods, every pod needs one
        const perPod = objs.filter((o) => o.kind === 'Service' && o.spec.selector
            && o.spec.selector['statefulset.kubernetes.io/pod-name'] !== undefined);
        if (perPod.length > 0) {
            for (let i = 0; i < replicas; i++) {
                const pn = `${s.metadata.name}-${i}`;
                if (!perPod.some((o) => o.spec.selector['statefulset.kubernetes.io/pod-name'] === pn)) {
                    problem(`${bundle} StatefulSet/${s.metadata.name}`, `pod ${pn} has no Service of its own (one per replica)`);
                }
            }
        }
    }
    for (const o of objs) {
        if (o.kind !== 'ConfigMap' || !o.data) continue;
        for (const [key, text] of Object.entries(o.data)) {
            if (!/\.ya?ml$/.test(key)) continue;
            for (const doc of YAML.parseAllDocuments(text)) {
                for (const e of doc.errors) problem(where(o), `data.${key}: YAML: ${e.message}`);
                if (doc.errors.length === 0 && /scrape/.test(key)) checkScrapeConfig(where(o), key, doc.toJS(), sets);
            }
        }
    }
}

// The Prometheus scrape job must find the StatefulSet's pods and their management port.
function checkScrapeConfig(where, key, conf, sets) {
    const jobs = conf && conf.scrape_configs;
    if (!Array.isArray(jobs) || jobs.length === 0) {
        problem(where, `data.${key}: no scrape_configs list`);
        return;
    }
    for (const job of jobs) {
        if (!job || typeof job.job_name !== 'string') {
            problem(where, `data.${key}: a scrape job without job_name`);
            continue;
        }
        for (const sd of job.kubernetes_sd_configs || []) {
            for (const sel of sd.selectors || []) {
                const [k, v] = String(sel.label || '').split('=');
                if (!sets.some((s) => ((s.spec.template.metadata || {}).labels || {})[k] === v)) {
                    problem(where, `data.${key}: job ${job.job_name}: selector label ${sel.label} matches no pod template`);
                }
            }
        }
        for (const rl of job.relabel_configs || []) {
            const src = rl.source_labels || [];
            if (rl.action === 'keep' && src.length === 1 && src[0] === '__meta_kubernetes_pod_container_port_name'
                && !sets.some((s) => s.spec.template.spec.containers.some((c) => (c.ports || [])
                    .some((p) => new RegExp(`^(?:${rl.regex})$`).test(p.name || ''))))) {
                problem(where, `data.${key}: job ${job.job_name}: keeps container port ${rl.regex}, which no container has`);
            }
        }
    }
}

function selectorOf(o) {
    if (o.kind === 'Service') return o.spec && o.spec.selector;
    if (o.kind === 'PodDisruptionBudget') return o.spec && o.spec.selector && o.spec.selector.matchLabels;
    if (o.kind === 'NetworkPolicy') return o.spec && o.spec.podSelector && o.spec.podSelector.matchLabels;
    return undefined;
}

function checkSecretKey(where, visible, secretName, key, what) {
    const secret = visible.find((o) => o.kind === 'Secret' && o.metadata.name === secretName);
    if (!secret) {
        problem(where, `${what}: Secret ${secretName} is neither rendered nor among the --extra files`);
        return;
    }
    const keys = new Set(Object.keys(secret.data || {}).concat(Object.keys(secret.stringData || {})));
    if (!keys.has(key)) problem(where, `${what}: Secret ${secretName} has no key ${key}`);
}

function main(args) {
    const extras = [];
    const bundles = [];
    for (let i = 0; i < args.length; i++) {
        if (args[i] === '--extra') {
            extras.push(args[++i]);
        } else if (/^[^=]+=.+$/.test(args[i])) {
            const eq = args[i].indexOf('=');
            bundles.push([args[i].slice(0, eq), args[i].slice(eq + 1)]);
        } else {
            console.error(`usage: node validate.js [--extra FILE]... NAME=FILE...  (got ${args[i]})`);
            return 2;
        }
    }
    if (bundles.length === 0) {
        console.error('usage: node validate.js [--extra FILE]... NAME=FILE...');
        return 2;
    }
    const extraObjs = [];
    for (const file of extras) {
        for (const o of parseFile(file)) {
            const ok = validateObject(o, `${file} ${name(o)}`);
            console.log(`${ok ? 'ok  ' : 'FAIL'} ${file}: ${o.apiVersion}/${name(o)}`);
            extraObjs.push(o);
        }
    }
    let count = extraObjs.length;
    for (const [bundle, file] of bundles) {
        const objs = parseFile(file);
        if (objs.length === 0) problem(bundle, `${file} holds no objects`);
        for (const o of objs) {
            const ok = validateObject(o, `${bundle} ${name(o)}`);
            console.log(`${ok ? 'ok  ' : 'FAIL'} ${bundle}: ${o.apiVersion}/${name(o)}`);
        }
        count += objs.length;
        checkBundle(bundle, objs, extraObjs);
    }
    if (problems.length > 0) {
        for (const p of problems) console.log(`ERROR ${p}`);
        console.log(`validate: ${problems.length} problem(s) in ${count} objects`);
        return 1;
    }
    console.log(`validate: ${count} objects valid (${bundles.map(([b]) => b).join(', ')}${extras.length ? ', ' + extras.join(', ') : ''})`);
    return 0;
}

process.exitCode = main(process.argv.slice(2));
