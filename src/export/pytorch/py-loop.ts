// The exported script's training loop (Python): one process or DistributedDataParallel under
// torchrun (gloo on CPUs, NCCL on GPUs), the engine's batch order through a DistributedSampler,
// losses and metrics reduced across ranks, and rank 0 writing Model Lab's run record
// (src/engine/io/run-record.ts: the same JSON lines, read back by Import Run) and checkpoints.
export const LOOP_PY = String.raw`
# ---------------------------------------------------------------- the run record (record.jsonl)
def clean(v):
    """JSON has no NaN or Infinity: the run record stores them as strings."""
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    return v


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".000Z"


class RunRecord:
    def __init__(self, folder):
        os.makedirs(folder, exist_ok=True)
        self.folder, self.f, self.last = folder, open(os.path.join(folder, "record.jsonl"), "w"), time.time()

    def write(self, obj, flush=False):
        self.f.write(json.dumps(clean(obj), separators=(",", ":")) + "\n")
        if flush or time.time() - self.last > 1:
            self.f.flush()
            self.last = time.time()


# ---------------------------------------------------------------- batches: Model Lab's order, split across ranks
class EngineOrderSampler(DistributedSampler):
    """Yields this rank's batches of indices. The epoch's order is Model Lab's (one seeded
    Fisher-Yates shuffle per epoch, from derive_seed(seed, 'shuffle')); global batch k is split
    between the ranks in rank order, so N ranks together take the batches one process takes."""

    def __init__(self, n, global_batch, shuffle, seed, world, rank):
        super().__init__(range(n), num_replicas=world, rank=rank, shuffle=False)
        self.n, self.global_batch, self.lab_shuffle, self.seed = n, global_batch, shuffle, seed
        self.reset()

    def reset(self):
        self.rng, self.order, self.shuffled = Rng(derive_seed(self.seed, "shuffle")), list(range(self.n)), 0

    def set_epoch(self, epoch):
        super().set_epoch(epoch)
        if self.shuffled > epoch + 1:
            self.reset()
        while self.lab_shuffle and self.shuffled < epoch + 1:
            self.rng.shuffle(self.order)
            self.shuffled += 1

    def __iter__(self):
        for s0 in range(0, self.n, self.global_batch):
            chunk = self.order[s0 : s0 + self.global_batch]
            if len(chunk) < self.num_replicas:  # every rank needs a share (DistributedSampler pads too)
                chunk = chunk + self.order[: self.num_replicas - len(chunk)]
            self.last = len(chunk)
            yield [int(i) for i in np.array_split(np.array(chunk), self.num_replicas)[self.rank]]

    def __len__(self):
        return (self.n + self.global_batch - 1) // self.global_batch

    def offset(self):
        """Where this rank's share of the current global batch starts (array_split gives the first ranks one more)."""
        return sum(len(s) for s in np.array_split(np.zeros(self.last), self.num_replicas)[: self.rank]) if self.num_replicas > 1 else 0


def reduce_sum(values, world, device):
    t = torch.tensor(values, dtype=torch.float64, device=device)
    if world > 1:
        dist.all_reduce(t)
    return t.tolist()


def evaluate(net, x, y, loss_fn, world, rank, batch, device):
    """Mean loss and the model's outputs [N, D] over a whole set: each rank takes a shard, the outputs are gathered."""
    shard = np.array_split(np.arange(len(x)), world)
    net.eval()
    outs, total = [], 0.0
    with torch.no_grad():
        for s in range(0, len(shard[rank]), batch):
            idx = torch.from_numpy(shard[rank][s : s + batch]).to(device)
            pre = net(x[idx], loss_input=True)
            total += loss_fn(pre, y[idx]).item() * len(idx)
            outs.append(FOLD(pre).double().reshape(len(idx), -1))
    width = EXPERIMENT["outputLen"]
    mine = torch.cat(outs) if outs else torch.zeros((0, width), dtype=torch.float64, device=device)
    if world > 1:
        longest = max(len(s) for s in shard)
        padded = torch.zeros((longest, width), dtype=torch.float64, device=device)
        padded[: len(mine)] = mine
        every = [torch.zeros_like(padded) for _ in range(world)]
        dist.all_gather(every, padded)
        mine = torch.cat([e[: len(s)] for e, s in zip(every, shard)])
    (total,) = reduce_sum([total], world, device)
    net.train()
    return total / max(1, len(x)), mine.cpu().numpy()


# ---------------------------------------------------------------- training
def parse_args():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--init-from", metavar="W.safetensors", help="start from these weights (a run's init.safetensors or weights.safetensors)")
    ap.add_argument("--out", metavar="DIR", help="the run folder (default: runs/MODEL-TIME in the current folder)")
    ap.add_argument("--data-root", default=EXPERIMENT["dataRoot"], help="where the data block's paths are relative to")
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this many optimizer steps (a quick check)")
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    return ap.parse_args()


def main():
    args = parse_args()
    cfg, spec = EXPERIMENT["config"], EXPERIMENT["data"]
    world, rank, local = (int(os.environ.get(k, d)) for k, d in (("WORLD_SIZE", "1"), ("RANK", "0"), ("LOCAL_RANK", "0")))
    cuda = args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
    device = torch.device("cuda", local) if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    if world > 1:
        dist.init_process_group("nccl" if cuda else "gloo")
    torch.manual_seed(cfg["seed"])
    splits, classes = load_splits(spec, cfg["seed"], args.data_root, EXPERIMENT["inputShape"])
    shape = EXPERIMENT["inputShape"]
    tensors = {k: (torch.from_numpy(a).to(device).reshape(-1, *shape), torch.from_numpy(b).to(device)) for k, (a, b) in splits.items()}
    X, Y = tensors["train"]
    n = len(X)
    one_hot = classes if cfg["loss"]["kind"] in ("mse", "mae", "huber") and classes > 0 and Y.shape[1] != EXPERIMENT["outputLen"] else 0
    loss_fn = make_loss(cfg["loss"], one_hot)
    task = (EXPERIMENT["logits"], EXPERIMENT["tokens"], EXPERIMENT["probabilities"])
    global_batch = max(1, min(cfg["batch"], n))
    per_rank = -(-global_batch // world)
    steps_per_epoch = (n + global_batch - 1) // global_batch

    model = Net().to(device)
    init = read_safetensors(args.init_from) if args.init_from else initial_weights(cfg["seed"])
    load_weights(model, init, args.init_from or "the seeded initialisation")
    net = DDP(model, device_ids=[local] if cuda else None) if world > 1 else model
    decayed = set(EXPERIMENT["decayed"])
    opt = make_optimizer(model, cfg, decayed)
    l1, l1_all = cfg["l1"], cfg.get("l1On") != "weights"
    sampler = EngineOrderSampler(n, global_batch, spec["shuffle"] != "off", cfg["seed"], world, rank)
    augment_seed = derive_seed(cfg["seed"], "augment")
    stopper = EarlyStopper(cfg["earlyStop"], "val" in tensors) if cfg.get("earlyStop") else None
    folder = args.out or os.path.join("runs", "%s-%s" % (EXPERIMENT["model"], time.strftime("%Y%m%d-%H%M%S", time.gmtime())))
    record = RunRecord(folder) if rank == 0 else None
    where = "%s x %d" % (device.type, world) if world > 1 else device.type
    if record:
        first = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
        write_safetensors(os.path.join(folder, "init.safetensors"), first, {"model": EXPERIMENT["model"], "seed": str(cfg["seed"])})
        record.write(dict(type="start", version=1, time=now(), model=EXPERIMENT["model"], config=cfg, seed=cfg["seed"],
            device="pytorch " + where, worldSize=world, backend="nccl" if cuda and world > 1 else "gloo" if world > 1 else "none",
            perRankBatch=per_rank, graphHash=EXPERIMENT["graphHash"], params=EXPERIMENT["trainableParams"], batch=global_batch,
            stepsPerEpoch=steps_per_epoch, examples={k: len(tensors[k][0]) if k in tensors else 0 for k in ("train", "val", "test")},
            graph=EXPERIMENT["graph"], data=spec, file=EXPERIMENT["file"], pid=os.getpid(), host=socket.gethostname(),
            initFrom=args.init_from, torch=torch.__version__), flush=True)
        print("model %s: %d examples, global batch %d = %d per rank x %d rank%s, on %s; run record in %s" % (
            EXPERIMENT["model"], n, global_batch, per_rank, world, "s" if world > 1 else "", where, folder))

    t0 = time.time()
    step, status, message, history, best, trained, train_s = 0, "completed", "", [], None, 0, 0.0
    epoch = 0
    for epoch in range(cfg["epochs"]):
        te = time.time()
        sampler.set_epoch(epoch)
        sums = [0.0, 0.0]
        if cfg.get("prune"):
            sparsity = sparsity_at(cfg["prune"], epoch)
            masks = prune_masks(model, EXPERIMENT["decayed"], cfg["prune"], sparsity)
            apply_masks(dict(model.named_parameters()), masks)
        lr = cfg["optimizer"]["lr"]
        for idx in sampler:
            idx = torch.tensor(idx, device=device)
            lr = learning_rate(cfg["optimizer"]["lr"], cfg["schedule"], epoch, step, steps_per_epoch, cfg["epochs"])
            for g in opt.param_groups:
                g["lr"] = lr
            opt.zero_grad(set_to_none=False)
            xb = X[idx]
            if spec["augment"]:
                xb = augment_batch(xb, spec["augment"], augment_seed, step, sampler.offset())
            loss = loss_fn(net(xb, loss_input=True), Y[idx])
            # What this rank's mean is over (examples, or counted tokens); DDP averages the ranks'
            # gradients, so each is weighted by its share to give the global batch's mean.
            weight = float((Y[idx] != IGNORE_INDEX).sum()) if EXPERIMENT["tokens"] > 1 else len(idx)
            (weight_total,) = reduce_sum([weight], world, device) if world > 1 else (weight,)
            (loss * (world * weight / max(weight_total, 1))).backward()
            if cfg.get("prune"):
                apply_masks({k: p.grad for k, p in model.named_parameters()}, masks)
            if l1 > 0:
                with torch.no_grad():
                    for k, p in model.named_parameters():
                        if l1_all or k in decayed:
                            p.grad.add_(torch.sign(p), alpha=l1)
            if cfg.get("clipNorm"):
                torch.nn.utils.clip_grad_norm_(model.parameters(), cfg["clipNorm"])
            opt.step()
            if cfg.get("prune"):
                apply_masks(dict(model.named_parameters()), masks)
            step += 1
            total, count, examples = reduce_sum([loss.item() * weight, weight, len(idx)], world, device)
            sums[0] += total
            sums[1] += count
            trained += examples
            step_loss = total / count
            if record:
                record.write(dict(type="step", step=step, epoch=epoch + 1, loss=step_loss))
            if not math.isfinite(step_loss):
                status, message = "diverged", "loss became %s at step %d (epoch %d)" % ("NaN" if math.isnan(step_loss) else "infinite", step, epoch + 1)
                break
            if args.max_steps and step >= args.max_steps:
                status, message = "stopped", "stopped at step %d (--max-steps)" % step
                break
        train_s += time.time() - te
        if status == "diverged":
            break
        m = {"loss": sums[0] / max(1, sums[1])}
        if cfg.get("prune"):
            m["sparsity"] = sparsity
        ex, ey = tensors.get("val", tensors["train"])
        vloss, out = evaluate(model, ex, ey, loss_fn, world, rank, global_batch, device)
        prefix = "val_" if "val" in tensors else "train_"
        if "val" in tensors:
            m["val_loss"] = vloss
        for k, v in compute_metrics(cfg["metrics"], out, ey.cpu().numpy().astype(np.float64), classes, *task).items():
            m[prefix + k] = v
        seconds = time.time() - te
        history.append(dict(epoch=epoch + 1, step=step, lr=lr, metrics=m, seconds=seconds, samplesPerSec=n / max(1e-3, seconds)))
        if record:
            record.write(dict(type="epoch", **history[-1]), flush=True)
            torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": epoch + 1, "step": step}, os.path.join(folder, "checkpoint.pt"))
        stop = stopper.update(m, epoch + 1) if stopper else False
        if stopper and stopper.best_epoch == epoch + 1:
            best = (epoch + 1, m, {k: v.detach().clone() for k, v in model.state_dict().items()})
        if status == "stopped":
            break
        w = cfg.get("stopWhen")
        if w and m.get(w["metric"]) is not None and m[w["metric"]] < w["below"]:
            status, message = "threshold", "%s %.4g fell below %s at epoch %d" % (w["metric"], m[w["metric"]], w["below"], epoch + 1)
            break
        if stop:
            status, message = "early_stopped", stopper.message()
            break
    epochs_done = len(history)
    restored = status == "early_stopped" and cfg["earlyStop"].get("restoreBest", True) and best and best[0] != epochs_done
    if restored:
        model.load_state_dict(best[2])
    final = dict(best[1] if restored else history[-1]["metrics"] if history else {})
    if "test" in tensors and status != "diverged":
        tx, ty = tensors["test"]
        tloss, out = evaluate(model, tx, ty, loss_fn, world, rank, global_batch, device)
        final["test_loss"] = tloss
        for k, v in compute_metrics(cfg["metrics"], out, ty.cpu().numpy().astype(np.float64), classes, *task).items():
            final["test_" + k] = v
    if record:
        weights = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
        write_safetensors(os.path.join(folder, "weights.safetensors"), weights, {"model": EXPERIMENT["model"], "status": status})
        record.write(dict(type="end", time=now(), status=status, message=message, epochs=epochs_done, steps=step, final=final,
            bestEpoch=stopper.best_epoch if stopper else epochs_done, weightsEpoch=best[0] if restored else epochs_done,
            seconds=time.time() - t0, samplesPerSec=trained / max(1e-3, train_s)), flush=True)
        print("%s after %d steps: %s" % (status, step, ", ".join("%s %.4g" % kv for kv in final.items())))
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    try:
        main()
    except ExportLimit as e:
        raise SystemExit("this script cannot reproduce %s" % e)
`;
