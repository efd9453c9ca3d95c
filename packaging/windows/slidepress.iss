; Inno Setup 6 script for Slidepress. packaging/build.py runs it on Windows:
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\slidepress /DOutputDir=dist /DIconFile=build\icons\slidepress.ico
;        /DLicenseFile=LICENSE packaging\windows\slidepress.iss
; Installs per user or for all users (the user picks), adds a Start-menu entry, puts Slidepress
; under "Open with" for .pptx/.ppsx/.potx (without taking the default from PowerPoint), optionally
; adds the console `slidepress` to PATH, and registers an uninstaller that removes all of it.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\slidepress"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\slidepress.ico"
#endif
#ifndef LicenseFile
  #define LicenseFile "..\..\LICENSE"
#endif
#define AppExe "slidepressw.exe"
#define ProgId "Slidepress.Presentation"

[Setup]
AppId={{6D1C3F2A-8B47-4E4B-9E0B-5A1D7C2E9F31}
AppName=Slidepress
AppVersion={#AppVersion}
AppVerName=Slidepress {#AppVersion}
AppPublisher=The Slidepress authors
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Slidepress
DefaultGroupName=Slidepress
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
ChangesEnvironment=yes
LicenseFile={#LicenseFile}
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName=Slidepress
OutputDir={#OutputDir}
OutputBaseFilename=Slidepress-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the slidepress command to PATH"; GroupDescription: "Command line:"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Slidepress"; Filename: "{app}\{#AppExe}"; Comment: "Convert presentations to PDF"
Name: "{autodesktop}\Slidepress"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; HKA = HKLM for an all-users install, HKCU for a per-user one.
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "PowerPoint presentation"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "Slidepress"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui ""%1"""
Root: HKA; Subkey: "Software\Classes\.pptx\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.ppsx\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.potx\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "Slidepress"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".pptx"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".ppsx"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".potx"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,Slidepress}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; A pool still running holds its files open: end it (and its converters) so they can be removed.
; The queue is durable, so a job it was converting is picked up again by the next install.
Filename: "{sys}\taskkill.exe"; Parameters: "/F /T /IM {#AppExe}"; Flags: runhidden; RunOnceId: "StopPoolW"
Filename: "{sys}\taskkill.exe"; Parameters: "/F /T /IM slidepress.exe"; Flags: runhidden; RunOnceId: "StopPool"

[Code]
function EnvironmentKey(var Root: Integer): String;
begin
  if IsAdminInstallMode then begin
    Root := HKEY_LOCAL_MACHINE;
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';
  end else begin
    Root := HKEY_CURRENT_USER;
    Result := 'Environment';
  end;
end;

procedure SetPathEntry(Dir: String; Add: Boolean);
var
  Root: Integer;
  Key, Path: String;
  P: Integer;
begin
  Key := EnvironmentKey(Root);
  if not RegQueryStringValue(Root, Key, 'Path', Path) then Path := '';
  P := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';');
  if Add and (P = 0) then begin
    if (Path <> '') and (Copy(Path, Length(Path), 1) <> ';') then Path := Path + ';';
    RegWriteExpandStringValue(Root, Key, 'Path', Path + Dir);
  end else if (not Add) and (P > 0) then begin
    Delete(Path, P, Length(Dir) + 1);
    RegWriteExpandStringValue(Root, Key, 'Path', Path);
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if (CurStep = ssPostInstall) and WizardIsTaskSelected('addtopath') then
    SetPathEntry(ExpandConstant('{app}'), True);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    SetPathEntry(ExpandConstant('{app}'), False);
end;
