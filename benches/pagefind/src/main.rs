//! Pagefind prototype: one custom record per minutebook search document.
use std::collections::BTreeMap;
use std::io::BufRead;
use std::time::Instant;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (input, out) = (&args[1], std::path::PathBuf::from(&args[2]));
    let t0 = Instant::now();
    let mut ix = pagefind::api::PagefindIndex::new(None).unwrap();
    let f = std::io::BufReader::new(std::fs::File::open(input).unwrap());
    let mut n = 0;
    for line in f.lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let s = |k: &str| v[k].as_str().unwrap().to_string();
        let mut filters = BTreeMap::new();
        if !s("team").is_empty() { filters.insert("team".to_string(), vec![s("team")]); }
        filters.insert("series".into(), vec![s("series")]);
        filters.insert("year".into(), vec![s("year")]);
        filters.insert("month".into(), vec![s("date")[..7].to_string()]);
        let people: Vec<String> = v["people"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
        if !people.is_empty() { filters.insert("person".into(), people); }
        let fl = v["flags"].as_u64().unwrap();
        let mut is = vec![];
        if fl & 1 != 0 { is.push("decision".to_string()); }
        if fl & 2 != 0 { is.push("action".to_string()); }
        if !is.is_empty() { filters.insert("is".into(), is); }
        let meta = BTreeMap::from([("title".to_string(), s("title")), ("date".to_string(), s("date"))]);
        let sort = BTreeMap::from([("date".to_string(), s("date"))]);
        ix.add_custom_record(s("url"), s("text"), "en".into(), Some(meta), Some(filters), Some(sort)).await.unwrap();
        n += 1;
    }
    let t1 = Instant::now();
    let files = ix.get_files().await.unwrap();
    let t2 = Instant::now();
    let mut bytes = 0;
    for f in &files {
        let p = out.join(&f.filename);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, &f.contents).unwrap();
        bytes += f.contents.len();
    }
    let t3 = Instant::now();
    eprintln!("{n} records; add {:.2}s, build {:.2}s, write {:.2}s; {} files, {} bytes",
        (t1 - t0).as_secs_f64(), (t2 - t1).as_secs_f64(), (t3 - t2).as_secs_f64(), files.len(), bytes);
}
