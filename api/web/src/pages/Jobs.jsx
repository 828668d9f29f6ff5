// Training jobs, newest first: what each trains, how far it is, who works on it.
import { get } from '../lib/api.js';
import { useResource } from '../lib/hooks.js';
import { bps, count } from '../lib/format.js';
import { Amount, Bar, Empty, PageTitle, Resource, When } from '../components/ui.jsx';

export function JobCard({ job }) {
  const p = job.progress;
  const committedBps = job.totalSteps > 0 ? Math.min(10000, Math.floor((p.committedSteps * 10000) / job.totalSteps)) : 0;
  return (
    <li class="card job-card" data-testid="job-card" data-job-id={job.id}>
      <a class="card-link" href={`/jobs/${job.id}`}>
        <div class="proposal-card-head">
          <span class="chip">Job {job.id}</span>
          {job.model?.community && <span class="chip chip-muted">{job.model.community}</span>}
          {job.model?.configName && <span class="chip chip-muted">{job.model.configName}</span>}
          <span class="muted small push">
            {p.lastCommit ? (
              <>
                last commit <When time={p.lastCommit.time} />
              </>
            ) : (
              'no commits yet'
            )}
          </span>
        </div>
        <h2 class="proposal-card-title">{job.model?.name ?? `Job ${job.id}`}</h2>
        <Bar valueBps={committedBps} label={`Committed ${bps(committedBps)}`} marker={p.finalBps} />
        <div class="proposal-card-foot muted small">
          <span>
            {count(p.committedSteps)} / {count(job.totalSteps)} steps committed
          </span>
          <span>{bps(p.finalBps)} final</span>
          <span>{count(p.workers)} workers</span>
          {p.disputes > 0 && <span class="tone-against">{count(p.disputes)} disputes</span>}
          <span class="push">
            escrow <Amount value={job.escrow} digits={0} />
          </span>
        </div>
      </a>
    </li>
  );
}

export function JobsPage() {
  const jobs = useResource(() => get('/v1/jobs?limit=50'), [], { poll: 5000 });
  return (
    <section class="page">
      <PageTitle sub="Jobs are created when a model proposal executes. Workers train them segment by segment; verifiers check them bit for bit.">
        Training
      </PageTitle>
      <Resource resource={jobs} label="Loading jobs…">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>
              No training jobs yet. A job starts when a model proposal passes and is executed — <a href="/">see the proposals</a>.
            </Empty>
          ) : (
            <ul class="proposal-list" data-testid="job-list">
              {page.items.map((j) => (
                <JobCard job={j} key={j.id} />
              ))}
            </ul>
          )
        }
      </Resource>
    </section>
  );
}
