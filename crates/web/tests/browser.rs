//! End-to-end in a real browser: headless Chromium driven through chromedriver (WebDriver).
//! A unit's staff log in, upload their document, fix a finding in the editing form (the finding
//! goes as they type), submit; a reviewer returns one row with a comment, the staff see it beside
//! the row and submit again, the reviewer approves; the public page shows the fixed value. Then a
//! 目标调整 and the file uploaded again leave the public on the approved version, and no page
//! scrolls sideways on a phone. A monitoring task goes from the bureau to the unit and back.
//! Screenshots of the key pages go to target/e2e/. Needs Debian's `chromium` and `chromium-driver`
//! (`.ci/run` installs them); without them the test fails with that instruction.

use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use jixiao_ingest::parse_tika_text;
use jixiao_store::{ImportInput, Store};
use jixiao_web::{AppState, auth::hash_password, router};

const SEED_000: &str = include_str!("../../../tests/data/seeds/000_f394b5ba38f6b2c8.txt");
const SEED_001: &str = include_str!("../../../tests/data/seeds/001_916bf9b6168cc2ec.txt");
const SEED_002: &str = include_str!("../../../tests/data/seeds/002_bb86cba2b38667c2.txt");
const SEED_003: &str = include_str!("../../../tests/data/seeds/003_1af782ee1b0594d0.txt");
const SEED_004: &str = include_str!("../../../tests/data/seeds/004_99f67b4a5d9a1ef2.txt");
const PROJECT: &str = "电子政务中心城乡一体化经费";

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

async fn browser() -> (Driver, Client) {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is required: apt-get install chromium chromium-driver");
    let driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut capabilities = serde_json::Map::new();
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1200",
    ];
    let mut options = serde_json::json!({ "args": args });
    if std::path::Path::new("/usr/bin/chromium").exists() {
        options["binary"] = "/usr/bin/chromium".into();
    }
    capabilities.insert("goog:chromeOptions".into(), options);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a Chromium session");
    (driver, client)
}

async fn shot(client: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

async fn login(client: &Client, base: &str, name: &str) {
    client.delete_all_cookies().await.expect("logout");
    client
        .goto(&format!("{base}/login"))
        .await
        .expect("login page");
    type_into(client, "input[name=name]", name).await;
    type_into(client, "input[name=password]", "correct horse").await;
    click(client, "main button[type=submit]").await;
    // Every page's header then names who is logged in, beside the logout button.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let who = match client.find(Locator::Css("header #who")).await {
            Ok(who) => who.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if who.starts_with(name) {
            break;
        }
        assert!(Instant::now() < deadline, "the header never named {name}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Types `text` into the element `css` selects (a file input takes a path).
async fn type_into(client: &Client, css: &str, text: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
}

/// Clicks the element `css` selects.
async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
}

/// Opens the project by its 项目编码 (lists are checked by their text where it matters).
async fn open_project(client: &Client, base: &str) {
    client
        .goto(&format!("{base}/projects/13022524P00F04E10036T"))
        .await
        .expect("project page");
    text_with(client, "绩效目标表").await;
}

/// The page's main text once it contains `marker` (a click's navigation may still be under way).
async fn text_with(client: &Client, marker: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = match client.find(Locator::Css("main")).await {
            Ok(main) => main.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(marker) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "page never showed “{marker}”; last text: {text}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Serves the app on `store`, with 乐亭's staff (`leting`) and a reviewer (`reviewer`), on a free
/// port; its base address.
async fn serve(store: Store) -> String {
    let hash = hash_password("correct horse").expect("hash");
    store
        .add_user("leting", &hash, "unit", Some("乐亭县人民政府办公室本级"))
        .await
        .expect("user");
    store
        .add_user("reviewer", &hash, "reviewer", None)
        .await
        .expect("user");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let app = router(Arc::new(AppState::new(store)));
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

/// The app served on a new store in `dir` holding `seed` as a published disclosure; its base
/// address and the seed as read.
async fn serve_published(dir: &std::path::Path, seed: &str) -> (String, jixiao_ingest::Parsed) {
    let store = Store::open(&format!("sqlite:{}", dir.join("e2e.db").display()))
        .await
        .expect("store");
    let parsed = parse_tika_text(seed);
    let input = ImportInput {
        source_name: "seed.txt",
        content_sha256: "seed",
        document: &parsed.document,
        diagnostics: &parsed.diagnostics,
    };
    store.import(&input).await.expect("import");
    (serve(store).await, parsed)
}

/// Seed 004 as the Word file 乐亭's staff upload, written in `dir`.
fn leting_docx(dir: &std::path::Path) -> PathBuf {
    let upload = dir.join("乐亭县人民政府办公室.docx");
    std::fs::write(
        &upload,
        jixiao_publish::to_docx(&parse_tika_text(SEED_004).document).expect("docx"),
    )
    .expect("write");
    upload
}

/// Chooses `file` in the page's file field and uploads it.
async fn upload_file(client: &Client, file: &std::path::Path) {
    client
        .find(Locator::Css("input[type=file]"))
        .await
        .expect("file input")
        .send_keys(file.to_str().expect("path"))
        .await
        .expect("choose file");
    click(client, "form#upload button").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_upload_reviewer_returns_and_approves_public_sees_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (base, _) = serve_published(dir.path(), SEED_000).await;

    let upload = leting_docx(dir.path());

    let broken = dir.path().join("坏文件.docx");
    std::fs::write(&broken, b"PK\x03\x04 not really a document").expect("write");

    let (_driver, client) = browser().await;
    // Unit staff: log in, upload, open the project (its review findings show beside the rows), submit.
    login(&client, &base, "leting").await;
    text_with(&client, "本单位填报").await;
    type_into(&client, "input[type=file]", broken.to_str().expect("path")).await;
    click(&client, "form#upload button").await;
    let refused = text_with(&client, "坏文件.docx：").await;
    assert!(
        refused.contains("本单位填报"),
        "the refusal shows on the same page: {refused}"
    );
    shot(&client, "0-upload-refused").await;
    upload_file(&client, &upload).await;
    text_with(&client, PROJECT).await;
    let states = client
        .find_all(Locator::Css("main table tr td:nth-child(6)"))
        .await
        .expect("state cells");
    let mut drafts = 0;
    for cell in states {
        drafts += usize::from(cell.text().await.expect("text") == "草稿");
    }
    assert_eq!(drafts, 11, "every uploaded project is a draft");
    shot(&client, "1-unit-drafts").await;
    open_project(&client, &base).await;
    let draft = text_with(&client, "状态：").await;
    assert!(
        draft.contains("状态：草稿") && draft.contains("超过项目预算数 170万元"),
        "{draft}"
    );
    // Its 【错误】 block the submission: the page says so and the button is off.
    assert!(draft.contains("有 1 条【错误】，改正后才能提交"), "{draft}");
    let submit = client
        .find(Locator::Css("form[action$='/submit'] button"))
        .await
        .expect("submit button");
    assert!(
        !submit.is_enabled().await.expect("enabled?"),
        "the submit button is off while an error stands"
    );
    shot(&client, "2-draft-with-findings").await;

    // Fix the finding: the cost row's value goes within the budget.
    click(&client, "#edit-link").await;
    text_with(&client, "绩效目标表（填报）").await;
    let name = client
        .find(Locator::Css("input[value='花费成本']"))
        .await
        .expect("the cost row")
        .attr("name")
        .await
        .expect("name")
        .expect("a name");
    let row = name
        .trim_start_matches('r')
        .split('.')
        .next()
        .expect("row number")
        .to_string();
    let findings = format!("[data-findings='{row}']");
    let cell_text = |client: Client, selector: String| async move {
        client
            .find(Locator::Css(&selector))
            .await
            .expect("findings cell")
            .text()
            .await
            .unwrap_or_default()
    };
    assert!(
        cell_text(client.clone(), findings.clone())
            .await
            .contains("超过项目预算数")
    );
    client
        .find(Locator::Css(&format!("select[name='r{row}.comparator']")))
        .await
        .expect("comparator")
        .select_by_value("≤")
        .await
        .expect("choose ≤");
    let value = client
        .find(Locator::Css(&format!("input[name='r{row}.value']")))
        .await
        .expect("value");
    value.clear().await.expect("clear");
    value.send_keys("170").await.expect("type");
    let deadline = Instant::now() + Duration::from_secs(15);
    while cell_text(client.clone(), findings.clone())
        .await
        .contains("超过项目预算数")
    {
        assert!(Instant::now() < deadline, "the finding stayed while typing");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    shot(&client, "3-editing-finding-gone").await;
    click(&client, "#save").await;
    let saved = text_with(&client, "已保存").await;
    assert!(!saved.contains("超过项目预算数"), "{saved}");
    open_project(&client, &base).await;
    click(&client, "#confirm-findings").await;
    click(&client, "form[action$='/submit'] button").await;
    text_with(&client, "状态：已提交").await;

    // The public does not see it yet.
    client.delete_all_cookies().await.expect("logout");
    client
        .goto(&format!(
            "{base}/projects?q=%E7%94%B5%E5%AD%90%E6%94%BF%E5%8A%A1"
        ))
        .await
        .expect("search");
    assert!(!text_with(&client, "项目查询").await.contains(PROJECT));

    // Reviewer: the queue, return with a comment.
    login(&client, &base, "reviewer").await;
    let queue = text_with(&client, "待审核项目").await;
    assert!(
        queue.contains("待审核项目") && queue.contains(PROJECT),
        "{queue}"
    );
    shot(&client, "4-review-queue").await;
    open_project(&client, &base).await;
    type_into(&client, "textarea[name=row0]", "数量指标请写明依据，请改正").await;
    click(&client, "form[action$='/return'] button").await;
    let returned = text_with(&client, "状态：已退回").await;
    assert!(
        returned.contains("状态：已退回") && returned.contains("请改正"),
        "{returned}"
    );
    shot(&client, "5-returned").await;

    // Staff see the comment beside the row in the form, and submit again; the reviewer approves.
    login(&client, &base, "leting").await;
    open_project(&client, &base).await;
    click(&client, "#edit-link").await;
    text_with(&client, "绩效目标表（填报）").await;
    assert!(
        cell_text(client.clone(), "[data-findings='0']".into())
            .await
            .contains("请改正")
    );
    shot(&client, "6-comment-beside-row").await;
    open_project(&client, &base).await;
    click(&client, "#confirm-findings").await;
    click(&client, "form[action$='/submit'] button").await;
    text_with(&client, "状态：已提交").await;
    login(&client, &base, "reviewer").await;
    open_project(&client, &base).await;
    click(&client, "form[action$='/approve'] button").await;
    text_with(&client, "状态：已通过").await;

    // The public page shows it.
    client.delete_all_cookies().await.expect("logout");
    client
        .goto(&format!(
            "{base}/projects?q=%E7%94%B5%E5%AD%90%E6%94%BF%E5%8A%A1"
        ))
        .await
        .expect("search");
    open_project(&client, &base).await;
    let public = text_with(&client, "状态：").await;
    assert!(
        public.contains("状态：已通过")
            && public.contains("170.00 万元")
            && public.contains("≤170万元")
            && !public.contains("历史记录"),
        "{public}"
    );
    shot(&client, "7-public").await;

    // 目标调整: the unit starts a revision with a reason; the public keeps the published version.
    login(&client, &base, "leting").await;
    open_project(&client, &base).await;
    type_into(
        &client,
        "#revise-form input[name=comment]",
        "预算调整后重新测算成本",
    )
    .await;
    click(&client, "#revise-form button").await;
    text_with(&client, "已开始目标调整").await;
    shot(&client, "8-revision-started").await;
    // The file uploaded again: only the project it differs from (the file still says 210万元)
    // becomes a draft; the ten it matches stay as they are.
    client.goto(&format!("{base}/my")).await.expect("workbench");
    upload_file(&client, &upload).await;
    let again = text_with(&client, "个与已存的相同").await;
    assert!(
        again.contains("1 个项目成为草稿，10 个与已存的相同"),
        "{again}"
    );
    client.delete_all_cookies().await.expect("logout");
    open_project(&client, &base).await;
    let still = text_with(&client, "状态：").await;
    assert!(
        still.contains("状态：已通过") && still.contains("≤170万元") && !still.contains("210万元"),
        "the public still sees the approved version: {still}"
    );

    // The print view: the official table alone, printed to PDF by the browser.
    client
        .goto(&format!("{base}/projects/13022524P00F04E10036T/print"))
        .await
        .expect("print view");
    shot(&client, "9-print-view").await;
    let pdf = client
        .print(
            fantoccini::wd::PrintConfigurationBuilder::default()
                .build()
                .expect("print configuration"),
        )
        .await
        .expect("printed");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e");
    std::fs::write(dir.join("print-view.pdf"), &pdf).expect("write the PDF");
    let text = Command::new("pdftotext")
        .arg(dir.join("print-view.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext is required: apt-get install poppler-utils");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("电子政务中心城乡一体化经费") && text.contains("一级指标"),
        "the printed page holds the table: {text}"
    );

    // On a phone (390 px wide) no page scrolls sideways: wide tables scroll within themselves.
    client
        .set_window_size(390, 844)
        .await
        .expect("phone-sized window");
    for path in [
        "/".to_string(),
        "/projects".to_string(),
        "/projects/13022524P00F04E10036T".to_string(),
        "/opendata".to_string(),
    ] {
        client.goto(&format!("{base}{path}")).await.expect("page");
        let overflow = client
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                Vec::new(),
            )
            .await
            .expect("measure");
        assert!(
            overflow.as_i64().unwrap_or(i64::MAX) <= 0,
            "{path} scrolls sideways by {overflow} px at 390 px"
        );
    }
    shot(&client, "10-phone").await;
    client.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projects_are_submitted_and_approved_in_a_batch() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&format!("sqlite:{}", dir.path().join("batch.db").display()))
        .await
        .expect("store");
    let base = serve(store).await;
    let upload = leting_docx(dir.path());

    let (_driver, client) = browser().await;
    login(&client, &base, "leting").await;
    upload_file(&client, &upload).await;
    text_with(&client, "11 个项目成为草稿").await;
    let tick_all = async |client: &Client| {
        for checkbox in client
            .find_all(Locator::Css("input[name=ids]"))
            .await
            .expect("checkboxes")
        {
            checkbox.click().await.expect("tick");
        }
        click(client, "form#batch input[name=confirm]").await;
    };
    tick_all(&client).await;
    click(&client, "form#batch button[value=submit]").await;
    // The four projects with 【错误】 are refused, each with its reason; seven are submitted.
    let submitted = text_with(&client, "个未处理").await;
    assert!(
        submitted.contains("批量提交：7 个项目已提交，4 个未处理")
            && submitted.contains("改正后才能提交"),
        "{submitted}"
    );
    shot(&client, "batch-1-submitted").await;
    login(&client, &base, "reviewer").await;
    text_with(&client, "共 7 个项目").await;
    tick_all(&client).await;
    click(&client, "form#batch button[value=approve]").await;
    let approved = text_with(&client, "个未处理").await;
    assert!(
        approved.contains("批量通过：7 个项目已通过，0 个未处理"),
        "{approved}"
    );
    shot(&client, "batch-2-approved").await;
    client.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_monitoring_task_is_issued_filled_and_confirmed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (base, leting) = serve_published(dir.path(), SEED_004).await;
    let year = leting.document.fiscal_year.year.expect("a year");
    let first = &leting.document.projects[0];

    let (_driver, client) = browser().await;
    login(&client, &base, "reviewer").await;
    click(&client, "#tasks-link").await;
    text_with(&client, "下达任务").await;
    click(&client, "select[name=kind] option[value=monitor]").await;
    type_into(&client, "input[name=title]", "1—7月绩效运行监控").await;
    type_into(&client, "input[name=year]", &year.to_string()).await;
    type_into(&client, "input[name=cutoff]", &format!("{year}-07-31")).await;
    type_into(&client, "input[name=deadline]", "2099-08-10").await;
    click(&client, "form#issue-task button").await;
    text_with(&client, "已下达任务").await;

    login(&client, &base, "leting").await;
    let mine = text_with(&client, "1—7月绩效运行监控").await;
    assert!(
        mine.contains("运行监控") && !mine.contains("已逾期"),
        "{mine}"
    );
    client
        .goto(&format!(
            "{base}/projects/{}",
            first.code.as_deref().expect("a code")
        ))
        .await
        .expect("project page");
    click(&client, "#monitor-link").await;
    text_with(&client, "截至监控期支出").await;
    type_into(&client, "input[name=spent]", "40万元").await;
    type_into(&client, "input[name='r0.截至监控期完成值']", "1个").await;
    type_into(&client, "input[name='r0.全年预计完成值']", "1个").await;
    click(
        &client,
        "select[name='r0.完成目标可能性'] option:nth-child(2)",
    )
    .await;
    // The lights come as the unit types, before any button is pressed (the page is then still:
    // clicks land where they are aimed).
    let checked = text_with(&client, "填写时自动更新").await;
    assert!(checked.contains("支出进度"), "{checked}");
    text_with(&client, "绿灯").await;
    for cause in ["经费保障", "人员保障"] {
        let selector = format!("input[name='r1.偏差原因'][value={cause}]");
        click(&client, &selector).await;
        let ticked = client
            .find(Locator::Css(&selector))
            .await
            .expect("the box")
            .prop("checked")
            .await
            .expect("checked?");
        assert_eq!(ticked.as_deref(), Some("true"), "{cause} ticked");
    }
    shot(&client, "tasks-1-monitor-checked").await;
    click(&client, "#tracking-submit").await;
    text_with(&client, "监控表已提交").await;

    login(&client, &base, "reviewer").await;
    text_with(&client, "待确认的监控和自评（1）").await;
    click(&client, "#awaiting a").await;
    let record = text_with(&client, "待审核确认").await;
    assert!(record.contains("经费保障、人员保障"), "{record}");
    click(&client, "#record-confirm").await;
    let confirmed = text_with(&client, "已确认这次监控").await;
    assert!(confirmed.contains("已确认"), "{confirmed}");
    shot(&client, "tasks-2-monitor-confirmed").await;
    client.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_are_moved_and_a_new_row_joins_its_category() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("rows.db").display());
    let base = serve(Store::open(&url).await.expect("store")).await;
    let upload = leting_docx(dir.path());
    let (_driver, client) = browser().await;
    login(&client, &base, "leting").await;
    upload_file(&client, &upload).await;
    text_with(&client, "11 个项目成为草稿").await;
    open_project(&client, &base).await;
    click(&client, "#edit-link").await;
    text_with(&client, "绩效目标表（填报）").await;
    let names = async |client: &Client| {
        let mut names = Vec::new();
        for input in client
            .find_all(Locator::Css("tr.row input[name$='.name']"))
            .await
            .expect("name inputs")
        {
            names.push(
                input
                    .prop("value")
                    .await
                    .expect("value")
                    .unwrap_or_default(),
            );
        }
        names
    };
    let before = names(&client).await;
    // The first row goes one down.
    click(&client, "tr.row[data-row='0'] button[data-move=down]").await;
    let moved = names(&client).await;
    assert_eq!(
        (&moved[0], &moved[1]),
        (&before[1], &before[0]),
        "{moved:?}"
    );
    // A new row with the first row's categories goes right after that category's last row.
    click(&client, "#add-row").await;
    let last = before.len();
    let first_level2 = client
        .find(Locator::Css("tr.row[data-row='0'] select[name$='.level2']"))
        .await
        .expect("level2")
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    let new_row = format!("tr.row[data-row='{last}']");
    type_into(
        &client,
        &format!("{new_row} input[name$='.name']"),
        "新增指标",
    )
    .await;
    let position = async |client: &Client| {
        names(client)
            .await
            .iter()
            .position(|n| n == "新增指标")
            .expect("the new row")
    };
    let choose = async |client: &Client, level: &str, label: &str| {
        let at = position(client).await;
        client
            .find(Locator::Css(&format!(
                "tr.row[data-row='{at}'] select[name$='.{level}']"
            )))
            .await
            .expect("a category")
            .select_by_label(label)
            .await
            .expect("chosen");
    };
    choose(&client, "level1", "产出指标").await;
    choose(&client, "level2", &first_level2).await;
    let placed = names(&client).await;
    let at = position(&client).await;
    // Right after the last row of the same categories (the first two rows, 数量指标).
    assert_eq!(at, 2, "{placed:?}");
    shot(&client, "rows-moved").await;
    // Saved in that order (the new row, without a value yet, is deleted again: the move alone is saved).
    click(
        &client,
        &format!("tr.row[data-row='{at}'] input[name$='.delete']"),
    )
    .await;
    click(&client, "#save").await;
    text_with(&client, "已保存").await;
    let store = Store::open(&url).await.expect("store");
    let (_, stored, _) = store
        .project_with_document("13022524P00F04E10036T")
        .await
        .expect("read")
        .expect("project");
    let project = stored
        .document
        .projects
        .iter()
        .find(|p| p.code.as_deref() == Some("13022524P00F04E10036T"))
        .expect("the project");
    assert_eq!(
        (&project.indicators[0].name, &project.indicators[1].name),
        (&before[1], &before[0])
    );
    client.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_self_evaluation_from_excel_is_scored_and_its_low_score_rectified_with_evidence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (base, leting) = serve_published(dir.path(), SEED_004).await;
    let first = &leting.document.projects[0];

    // The 自评表 as Excel keeps it after the unit typed into the template: 96% is 0.96 shown as a
    // percentage; nothing was built for 建设数量 (0个), which scores nothing.
    let sheet = dir.path().join("自评表.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let page = workbook.add_worksheet();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    for (column, name) in jixiao_evaluate::SELF_EVALUATION_COLUMNS.iter().enumerate() {
        page.write_string(0, column as u16, *name).expect("cell");
    }
    let filled: [&[(u16, &str)]; 6] = [
        &[(5, "0个"), (8, "设备未到货"), (9, "督促供应商")],
        &[(6, "达成"), (7, "100")],
        &[(6, "达成"), (7, "100")],
        &[(5, "78万")],
        &[(6, "达成"), (7, "100")],
        &[],
    ];
    for (at, row) in jixiao_evaluate::template_rows(first, 5).iter().enumerate() {
        let line = at as u32 + 1;
        for (column, cell) in row.iter().enumerate().take(5) {
            page.write_string(line, column as u16, cell).expect("cell");
        }
        for (column, value) in filled[at] {
            page.write_string(line, *column, *value).expect("cell");
        }
    }
    page.write_number_with_format(6, 5, 0.96, &percent)
        .expect("cell");
    workbook.save(&sheet).expect("workbook");
    let evidence = dir.path().join("到货证明.pdf");
    std::fs::write(&evidence, b"%PDF-1.4\n% delivery note").expect("evidence");

    let (_driver, client) = browser().await;
    login(&client, &base, "leting").await;
    client
        .goto(&format!(
            "{base}/projects/{}",
            first.code.as_deref().expect("a code")
        ))
        .await
        .expect("project page");
    click(&client, "#evaluation-link").await;
    text_with(&client, "全年执行数").await;
    type_into(&client, "#sheet-form input[name=executed]", "78万元").await;
    type_into(
        &client,
        "#sheet-form input[type=file]",
        sheet.to_str().expect("path"),
    )
    .await;
    click(&client, "#sheet-upload").await;
    // The page the upload answers with: the sheet's values checked.
    text_with(&client, "总分 87.50 分，良").await;
    let satisfaction = client
        .find(Locator::Css("input[name='r5.实际完成值']"))
        .await
        .expect("the satisfaction row")
        .prop("value")
        .await
        .expect("value");
    assert_eq!(
        satisfaction.as_deref(),
        Some("96%"),
        "read as the sheet shows it"
    );
    shot(&client, "year-1-evaluation-from-excel").await;
    click(&client, "#tracking-submit").await;
    text_with(&client, "自评表已提交").await;

    login(&client, &base, "reviewer").await;
    click(&client, "#awaiting a").await;
    click(&client, "#record-confirm").await;
    text_with(&client, "已确认这次自评").await;

    // 建设数量 scored under 60% of its points: a 整改 item the unit answers with a file.
    login(&client, &base, "leting").await;
    text_with(&client, "待整改 1 项").await;
    click(&client, "#rectifications-link").await;
    click(&client, "#rectifications a").await;
    text_with(&client, "建设数量").await;
    type_into(
        &client,
        "#answer-form textarea[name=answer]",
        "设备已于10月到货安装",
    )
    .await;
    type_into(
        &client,
        "#answer-form input[type=file]",
        evidence.to_str().expect("path"),
    )
    .await;
    click(&client, "#answer-form button").await;
    let answered = text_with(&client, "整改情况已报送").await;
    assert!(
        answered.contains("到货证明.pdf") && answered.contains("SHA-256"),
        "{answered}"
    );

    login(&client, &base, "reviewer").await;
    text_with(&client, "待销号 1 项").await;
    click(&client, "#rectifications-link").await;
    click(&client, "#rectifications a").await;
    click(&client, "#rectification-close").await;
    let closed = text_with(&client, "已销号").await;
    assert!(closed.contains("设备已于10月到货安装"), "{closed}");
    shot(&client, "year-2-rectification-closed").await;
    client.close().await.expect("close");
}

/// The value of the input `css` selects.
async fn value_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

/// The text of the element `css` selects once it contains `marker`.
async fn element_text_with(client: &Client, css: &str, marker: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = match client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(marker) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "{css} never showed “{marker}”; last text: {text}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_pick_an_indicator_from_the_library_and_see_last_year_beside_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("library.db").display());
    let store = Store::open(&url).await.expect("store");
    // Four other units' published tables, and 乐亭's own of the year before.
    let mut published: Vec<jixiao_ingest::Parsed> = [SEED_000, SEED_001, SEED_002, SEED_003]
        .iter()
        .map(|text| parse_tika_text(text))
        .collect();
    let mut earlier = parse_tika_text(SEED_004);
    let year = earlier.document.fiscal_year.year.expect("a year");
    earlier.document.fiscal_year.year = Some(year - 1);
    let last_target = earlier
        .document
        .projects
        .iter()
        .find(|p| p.code.as_deref() == Some("13022524P00F04E10036T"))
        .expect("the project the editor opens")
        .indicators[0]
        .target
        .raw
        .clone();
    published.push(earlier);
    for (n, parsed) in published.iter().enumerate() {
        let name = format!("published{n}.txt");
        let input = ImportInput {
            source_name: &name,
            content_sha256: &name,
            document: &parsed.document,
            diagnostics: &parsed.diagnostics,
        };
        store.import(&input).await.expect("import");
    }
    jixiao_web::library::build(&store, |_| {})
        .await
        .expect("library");
    let summaries: Vec<jixiao_library::Summary> = store
        .library_summaries()
        .await
        .expect("summaries")
        .iter()
        .map(|text| serde_json::from_str(text).expect("summary"))
        .collect();
    let entry = summaries
        .iter()
        .filter(|s| {
            s.level2 == Some(jixiao_model::Level2Kind::Satisfaction)
                && s.unit == "%"
                && s.p10.is_some()
        })
        .max_by_key(|s| s.documents)
        .expect("a satisfaction entry")
        .clone();
    assert!(
        entry.documents >= jixiao_web::library::EVIDENCE,
        "{entry:?}"
    );

    let base = serve(store).await;
    let upload = leting_docx(dir.path());
    let (_driver, client) = browser().await;
    login(&client, &base, "leting").await;
    upload_file(&client, &upload).await;
    text_with(&client, "个项目成为草稿").await;
    open_project(&client, &base).await;
    click(&client, "#edit-link").await;
    text_with(&client, "绩效目标表（填报）").await;

    // Last year's target stands beside the row it continues.
    let beside = element_text_with(&client, "tr.row[data-row='0'] .last-year", "上年").await;
    assert!(beside.contains(&last_target), "{beside}");

    // Typing a name offers the library's entries; a pick fills name, unit and comparator.
    let rows = client
        .find_all(Locator::Css("tr.row select[name$='.level2']"))
        .await
        .expect("rows");
    let mut row = None;
    for (at, select) in rows.iter().enumerate() {
        if select.prop("value").await.expect("value").as_deref() == Some("服务对象满意度指标")
        {
            row = Some(at);
            break;
        }
    }
    let row = format!("tr.row[data-row='{}']", row.expect("a satisfaction row"));
    let name_input = client
        .find(Locator::Css(&format!("{row} input[name$='.name']")))
        .await
        .expect("name");
    name_input.clear().await.expect("clear");
    let typed: String = entry.name.chars().take(3).collect();
    name_input.send_keys(&typed).await.expect("type");
    let offered = element_text_with(&client, &format!("{row} ul.suggestions"), &entry.name).await;
    assert!(offered.contains("张表"), "{offered}");
    shot(&client, "library-suggestions").await;
    let picks = client
        .find_all(Locator::Css(&format!("{row} button.pick")))
        .await
        .expect("picks");
    let mut picked = false;
    for pick in picks {
        if pick.text().await.expect("text").starts_with(&entry.name) {
            pick.click().await.expect("pick");
            picked = true;
            break;
        }
    }
    assert!(picked, "the entry is offered");
    assert_eq!(
        value_of(&client, &format!("{row} input[name$='.name']")).await,
        entry.name
    );
    assert_eq!(
        value_of(&client, &format!("{row} input[name$='.unit']")).await,
        "%"
    );
    assert_eq!(
        value_of(&client, &format!("{row} select[name$='.comparator']")).await,
        entry.comparator.map_or("", |c| c.symbol())
    );
    assert_eq!(
        value_of(&client, &format!("{row} input[name$='.library']")).await,
        entry.id
    );
    let typical = element_text_with(&client, &format!("{row} .typical"), "同类指标在").await;
    assert!(typical.contains(&entry.typical()), "{typical}");

    // A value far outside what other tables set is noted as it is typed.
    let value = client
        .find(Locator::Css(&format!("{row} input[name$='.value']")))
        .await
        .expect("value");
    value.clear().await.expect("clear");
    value.send_keys("10").await.expect("type");
    element_text_with(&client, &format!("{row} [data-findings]"), "同类指标在").await;
    shot(&client, "library-picked").await;
    click(&client, "#save").await;
    text_with(&client, "已保存").await;
    client.close().await.expect("close");
}
